#!/usr/bin/env bash
# Coverage-guided fuzzing of the C shims (see shims_fuzzer.c) with libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer, using the Swift toolchain's clang.
#
#   Tests/Fuzz/run.sh                 # 60 seconds from the fixtures, any seed
#   Tests/Fuzz/run.sh 600             # ten minutes
#   Tests/Fuzz/run.sh --runs 10000    # a fixed number of inputs with seed 1 (what CI runs)
#
# The seed corpus is every XML and base64 fixture under Tests/ (Tests/Fuzz/regressions holds
# inputs that once showed a problem in the harness or the shims); inputs libFuzzer finds are
# kept in .build/fuzz/corpus (not committed). A crash leaves crash-* in .build/fuzz and exits
# non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.build/fuzz
mkdir -p "$out/corpus" "$out/seeds"
shims=Sources/CSAMLShims
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I "$shims/include" $(pkg-config --cflags libxml-2.0 openssl) \
    Tests/Fuzz/shims_fuzzer.c "$shims/xml.c" "$shims/crypto.c" "$shims/x509.c" \
    $(pkg-config --libs libxml-2.0 libcrypto) -o "$out/shims_fuzzer" 2> >(grep -v "Cannot export local symbol" >&2)
# Seeds: the fixtures (copied, so libFuzzer never writes into the source tree).
find Tests -type f \( -name '*.xml' -o -name '*.b64' \) -size -64k -print0 \
    | xargs -0 -I{} sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$out/seeds"
if [ "${1:-}" = "--runs" ]; then
    args=(-runs="${2:-3000}" -seed=1)
else
    args=(-max_total_time="${1:-60}")
fi
cd "$out"
ASAN_OPTIONS=detect_leaks=1 ./shims_fuzzer "${args[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict=../../Tests/Fuzz/xml.dict -print_final_stats=1 corpus seeds
