#!/usr/bin/env python3
"""Generates the self-signed example certificates that the provider plugins' `examples` embed.

The keys are thrown away: the certificates only need to parse and to have chosen validity
periods relative to the examples' reference date (2026-01-01T00:00:00Z, see
`ProviderConformanceSuite.referenceDate`):

- valid:          2025-01-01 .. 2035-01-01
- expired:        2020-01-01 .. 2025-01-01
- expires-soon:   2025-01-01 .. 2026-01-15 (14 days after the reference date)

Run: python3 make_example_certificates.py > certificates.txt, then paste each PEM into the
provider's `<Name>Plugin+Examples.swift`. Requires the `cryptography` package.
"""
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

PERIODS = {
    "valid": ("2025-01-01", "2035-01-01"),
    "expired": ("2020-01-01", "2025-01-01"),
    "expires-soon": ("2025-01-01", "2026-01-15"),
}

SUBJECTS = {
    "okta": [(NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Okta"),
             (NameOID.ORGANIZATIONAL_UNIT_NAME, "SSOProvider"), (NameOID.COMMON_NAME, "example-corp")],
    "google-workspace": [(NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Google Inc."),
                         (NameOID.ORGANIZATIONAL_UNIT_NAME, "Google For Work"), (NameOID.COMMON_NAME, "Google (example)")],
    "entra-id": [(NameOID.COMMON_NAME, "Microsoft Azure Federated SSO Certificate (example)")],
    "generic-saml": [(NameOID.ORGANIZATION_NAME, "Example Corp"), (NameOID.COMMON_NAME, "idp.example.com")],
}


def day(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc)


def make(subject, not_before, not_after):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(oid, value) for oid, value in subject])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(day(not_before)).not_valid_after(day(not_after))
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


for provider, subject in SUBJECTS.items():
    for period, (start, end) in PERIODS.items():
        print(f"// {provider} {period} {start}..{end}")
        print(make(subject, start, end))
