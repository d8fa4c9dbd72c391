#!/usr/bin/env python3
"""python3-saml's metadata parsing rate, for sso-benchmark's comparison line.

    python3 Sources/sso-benchmark/python3_saml_metadata.py METADATA.xml [SECONDS]

Parses METADATA.xml with OneLogin_Saml2_IdPMetadataParser.parse (which reads the entity ID,
endpoints and certificate texts but never decodes a certificate) in five rounds of about
SECONDS / 5 of this thread's CPU time each, after a warm-up, the way sso-benchmark measures
its own parses, and prints one JSON line: {"best": runs/s, "median": runs/s, "version": ...}.

Exit status 3 with a sentence on standard error when python3-saml is not installed
(`pip install python3-saml`; it needs xmlsec, whose build needs libxmlsec1-dev).
"""
import json
import sys
import time

try:
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
except ImportError as error:  # python3-saml or its xmlsec dependency is missing
    sys.stderr.write(f"python3-saml is not installed ({error}); install it with: pip install python3-saml\n")
    sys.exit(3)


def main():
    path = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    with open(path, "rb") as handle:
        document = handle.read()
    parse = OneLogin_Saml2_IdPMetadataParser.parse
    result = parse(document)
    if not result.get("idp", {}).get("entityId"):
        sys.stderr.write(f"python3-saml found no IdP entity in {path}\n")
        sys.exit(1)
    for _ in range(200):
        parse(document)
    rounds = []
    for _ in range(5):
        runs = 0
        start = time.thread_time()
        elapsed = 0.0
        while elapsed < seconds / 5:
            for _ in range(50):
                parse(document)
            runs += 50
            elapsed = time.thread_time() - start
        rounds.append(runs / elapsed)
    rounds.sort()
    try:
        from importlib.metadata import version
        package_version = version("python3-saml")
    except Exception:  # the rate stands without the version
        package_version = "unknown"
    print(json.dumps({"best": rounds[4], "median": rounds[2], "version": package_version}))


if __name__ == "__main__":
    main()
