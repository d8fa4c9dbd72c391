#!/usr/bin/env python3
"""Writes ConsumerEmailDomains+List.swift from consumer-email-domains.txt.

The list stays an editable text file; this script turns it into a Swift array literal so
the module needs no resource bundle and no file access at run time (Package.swift
excludes this Data folder from the target). Each domain is checked (lower case, at least
two labels, letters, digits and hyphens) and internationalized names are converted to
A-labels (xn--…), so entries compare with names that DomainName.normalize returns.

Usage (Python 3 standard library only), from anywhere:

    python3 Sources/SSOLifecycle/Domains/Data/generate-consumer-email-domains.py
    python3 …/generate-consumer-email-domains.py --check    # exit 1 when the Swift file is stale
"""

import argparse
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE / "consumer-email-domains.txt"
OUTPUT = HERE.parent / "ConsumerEmailDomains+List.swift"

LDH_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def to_a_label(label: str) -> str:
    if label.isascii():
        return label
    return "xn--" + unicodedata.normalize("NFC", label).encode("punycode").decode("ascii")


def read_domains() -> list[str]:
    domains = []
    for number, raw in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{SOURCE.name}:{number}"
        if line != line.lower():
            sys.exit(f"{where}: write {line!r} in lower case")
        labels = [to_a_label(label) for label in line.rstrip(".").split(".")]
        if len(labels) < 2 or not all(LDH_LABEL.match(label) for label in labels):
            sys.exit(f"{where}: {line!r} is not a domain name with at least two labels")
        domain = ".".join(labels)
        if domain in domains:
            sys.exit(f"{where}: {line!r} is listed twice")
        domains.append(domain)
    return domains


def render(domains: list[str]) -> str:
    entries = "\n".join(f'        "{domain}",' for domain in sorted(domains))
    return f"""// GENERATED FILE: do not edit. Edit Data/consumer-email-domains.txt, then run
//     python3 Sources/SSOLifecycle/Domains/Data/generate-consumer-email-domains.py

extension ConsumerEmailDomains {{
    /// The consumer email domains of `Data/consumer-email-domains.txt` ({len(domains)}), sorted,
    /// internationalized names in A-label form.
    static let listed: [String] = [
{entries}
    ]
}}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 when stale")
    arguments = parser.parse_args()
    text = render(read_domains())
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
