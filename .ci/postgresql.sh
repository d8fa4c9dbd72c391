#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for the tests, CI and the benchmark.
#
#   .ci/postgresql.sh start [DIR]        initdb into DIR (a new temporary directory when
#                                        omitted) the first time, start the server on a free
#                                        127.0.0.1 port (the same port again on a restart), and
#                                        print its postgresql:// URL on standard output
#   .ci/postgresql.sh stop DIR [MODE]    stop it; MODE is fast (default) or immediate (the
#                                        brutal kill: no checkpoint, connections cut)
#   .ci/postgresql.sh destroy DIR        stop it (immediate) and remove DIR
#   .ci/postgresql.sh url DIR            print the URL again
#
# The superuser is `sso` with a random password (scram-sha-256 over TCP, so a wrong
# password really fails); the database is `sso`. The URL holds that throwaway password:
# capture it with $(…), do not echo it. Extra server settings: SSO_PG_SETTINGS="-c a=b …";
# with SSO_PG_DURABLE=1 the server keeps PostgreSQL's durable defaults (the benchmark),
# otherwise fsync and synchronous_commit are off (tests run faster; nothing here must
# survive a power cut). Installs the `postgresql` package with apt-get when the server is
# missing. initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

log() { printf 'postgresql.sh: %s\n' "$*" >&2; }

bindir() {
  local dir=""
  if command -v pg_config >/dev/null 2>&1; then dir=$(pg_config --bindir 2>/dev/null || true); fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    log "installing postgresql with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  printf '%s' "$dir"
}

# Runs a server binary as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A free loopback port outside the kernel's ephemeral range (ip_local_port_range): a port
# from that range can be taken, while the server is down or still starting, as the local
# port of any outgoing connection on the machine (a test suite makes hundreds), and the
# server then fails to bind it. Random, and checked bindable now.
free_port() {
  python3 - <<'PY'
import random, socket
try:
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except (OSError, ValueError, IndexError):
    low = 32768
candidates = list(range(10000, low)) if low > 11000 else []
random.shuffle(candidates)
for port in candidates[:200] or [0]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    if port:
        print(port)
        break
else:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# The server's settings for DIR listening on PORT.
server_settings() {
  local settings="-c listen_addresses=127.0.0.1 -c port=$2 -c unix_socket_directories=$1 -c max_connections=300"
  if [ "${SSO_PG_DURABLE:-0}" != 1 ]; then
    settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  printf '%s\n' "$settings ${SSO_PG_SETTINGS:-}"
}

url() {
  local dir=$1
  printf 'postgresql://sso:%s@127.0.0.1:%s/sso\n' "$(cat "$dir/password")" "$(cat "$dir/port")"
}

start() {
  local dir=${1:-}
  local bin
  bin=$(bindir)
  if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/sso-postgresql.XXXXXX); fi
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    chown postgres "$dir"
  fi
  local fresh=0
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    fresh=1
    python3 -c 'import secrets; print(secrets.token_hex(16))' > "$dir/password"
    free_port > "$dir/port"
    chmod 600 "$dir/password"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/password" "$dir/port"
    as_owner "$bin/initdb" -D "$dir/data" -U sso --pwfile="$dir/password" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  local port settings
  port=$(cat "$dir/port")
  settings=$(server_settings "$dir" "$port")
  # Another process may bind the chosen port between the choice and the server's start: on
  # a first start, choose another port and try again (a restart keeps its port).
  local attempt=1
  until as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$settings" start >&2; do
    if [ "$fresh" = 1 ] && [ "$attempt" -lt 5 ] && grep -q 'Address already in use' "$dir/server.log"; then
      attempt=$((attempt + 1))
      free_port > "$dir/port"
      port=$(cat "$dir/port")
      settings=$(server_settings "$dir" "$port")
      log "port taken; trying 127.0.0.1:$port"
      continue
    fi
    tail -n 20 "$dir/server.log" >&2
    exit 1
  done
  if ! as_owner "$bin/psql" -h "$dir" -p "$port" -U sso -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sso'" | grep -q 1; then
    as_owner "$bin/psql" -h "$dir" -p "$port" -U sso -d postgres -qc "CREATE DATABASE sso" >&2
  fi
  log "server in $dir on 127.0.0.1:$port"
  url "$dir"
}

stop() {
  local dir=$1 mode=${2:-fast}
  local bin
  bin=$(bindir)
  [ -f "$dir/data/postmaster.pid" ] || { log "not running in $dir"; return 0; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -m "$mode" -w -t 60 stop >&2
}

destroy() {
  local dir=$1
  [ -d "$dir" ] || return 0
  stop "$dir" immediate || true
  rm -rf "$dir"
}

command=${1:-}
case "$command" in
  start) start "${2:-}" ;;
  stop) [ -n "${2:-}" ] || { log "usage: stop DIR [fast|immediate]"; exit 2; }; stop "$2" "${3:-fast}" ;;
  destroy) [ -n "${2:-}" ] || { log "usage: destroy DIR"; exit 2; }; destroy "$2" ;;
  url) [ -n "${2:-}" ] || { log "usage: url DIR"; exit 2; }; url "$2" ;;
  *) log "usage: $0 start [DIR] | stop DIR [fast|immediate] | destroy DIR | url DIR"; exit 2 ;;
esac
