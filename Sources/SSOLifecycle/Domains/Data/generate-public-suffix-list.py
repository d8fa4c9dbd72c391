#!/usr/bin/env python3
"""Writes PublicSuffixList+Rules.swift from a copy of the Public Suffix List.

The list is compiled into the SSOLifecycle module as one raw string literal rather than
embedded as a resource: `.embedInCode` turns 115 KB into a byte-array literal that took
42 s to compile, while a string literal compiles in seconds, and the module then needs no
resource bundle and no file access at run time.

What the Swift file holds, one rule per line:
  - comments and blank lines of the source are dropped;
  - `[icann]` and `[private]` lines open the list's two sections;
  - internationalized rules are converted to A-labels (`xn--…`, RFC 3492 Punycode per
    label) so they compare with names that DomainName.normalize returns;
  - wildcard (`*.ck`) and exception (`!www.ck`) rules are kept as written.

Usage (Python 3 standard library only), from anywhere:

    python3 Sources/SSOLifecycle/Domains/Data/generate-public-suffix-list.py
    python3 …/generate-public-suffix-list.py --check        # exit 1 when the Swift file is stale

To move to a newer list: install Debian's `publicsuffix` package (or download
https://publicsuffix.org/list/public_suffix_list.dat), run this script with --source,
--version and --date naming that copy, run the SSOLifecycleTests, and commit the data
change on its own.
"""

import argparse
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
OUTPUT = HERE.parent / "PublicSuffixList+Rules.swift"

DEFAULT_SOURCE = "/usr/share/publicsuffix/public_suffix_list.dat"
DEFAULT_VERSION = "Debian package publicsuffix 20230209.2326-1"
DEFAULT_DATE = "2023-02-09"

LDH_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


def to_a_label(label: str, rule: str) -> str:
    """Returns the label as it appears in a normalized domain name."""
    if label.isascii():
        return label
    if unicodedata.normalize("NFC", label) != label or label.lower() != label:
        sys.exit(f"rule {rule!r}: label {label!r} is not lower-case NFC; cannot convert it faithfully")
    return "xn--" + label.encode("punycode").decode("ascii")


def convert(rule: str) -> str:
    prefix = ""
    body = rule
    if body.startswith("!"):
        prefix, body = "!", body[1:]
    elif body.startswith("*."):
        prefix, body = "*.", body[2:]
    labels = [to_a_label(label, rule) for label in body.split(".")]
    for label in labels:
        if not LDH_LABEL.match(label) and not (label.startswith("xn--") and len(label) <= 63):
            # Underscores and the like do occur in a few private rules; keep them (they can
            # never match a normalized name, so they are harmless) but say so.
            print(f"note: rule {rule!r} has the label {label!r}, which no normalized name can contain",
                  file=sys.stderr)
    return prefix + ".".join(labels)


def read_rules(source: pathlib.Path) -> list[str]:
    lines = []
    section = None
    for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line == "// ===BEGIN ICANN DOMAINS===":
            section = "icann"
            lines.append("[icann]")
            continue
        if line == "// ===BEGIN PRIVATE DOMAINS===":
            section = "private"
            lines.append("[private]")
            continue
        if line.startswith("// ===END"):
            section = None
            continue
        if not line or line.startswith("//"):
            continue
        if section is None:
            sys.exit(f"{source}:{number}: rule {line!r} outside the ICANN and PRIVATE sections")
        # A rule is the first whitespace-separated word of its line (publicsuffix.org/list).
        lines.append(convert(line.split()[0]))
    if "[icann]" not in lines or "[private]" not in lines:
        sys.exit(f"{source}: the ICANN or PRIVATE section markers are missing")
    return lines


def render(rules: list[str], source: str, version: str, date: str) -> str:
    body = "\n".join(rules)
    if '"""#' in body:
        sys.exit("a rule contains the raw string terminator")
    count = sum(1 for rule in rules if not rule.startswith("["))
    return f"""// GENERATED FILE: do not edit. Regenerate with
//     python3 Sources/SSOLifecycle/Domains/Data/generate-public-suffix-list.py
//
// Source: {source}
//         ({version}; upstream list of {date}, https://publicsuffix.org/list/)
// License: the Public Suffix List is subject to the Mozilla Public License, v. 2.0.
//          If a copy of the MPL was not distributed with this file, you can obtain one at
//          https://mozilla.org/MPL/2.0/.
// Changes from the source: comments removed, section markers shortened to [icann] and
// [private], internationalized labels converted to punycode A-labels (xn--…).

extension PublicSuffixList {{
    /// The rules of the bundled list ({count} rules, {date}): one per line, `[icann]` and
    /// `[private]` opening the two sections.
    static let bundledRuleText = #\"\"\"
{body}
\"\"\"#
}}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="the public_suffix_list.dat to read")
    parser.add_argument("--version", default=DEFAULT_VERSION, help="where that copy comes from, for the header")
    parser.add_argument("--date", default=DEFAULT_DATE, help="the upstream date of that copy, for the header")
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 when stale")
    arguments = parser.parse_args()

    source = pathlib.Path(arguments.source)
    text = render(read_rules(source), str(source), arguments.version, arguments.date)
    if arguments.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is stale; run {pathlib.Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
