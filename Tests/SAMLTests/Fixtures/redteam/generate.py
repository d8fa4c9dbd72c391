#!/usr/bin/env python3
"""Generates the signed material of the red-team suites (RedTeam*.swift) in this folder.

Reuses the document builders of ../generator/generate.py (signxml on lxml, pyca/cryptography)
and adds a small hand-assembled signer for signatures that signxml will not make: HMAC keyed
with the IdP's public certificate, RSA-PSS, inclusive canonicalization, XPath transforms,
empty and XPointer reference URIs, two references. Each of those is a *correct* signature by
the trusted IdP key (or, for HMAC, a correct MAC), so a refusal can only come from the policy.
The digests and SignedInfo bytes come from lxml's canonicalizer and the signatures from
cryptography, never from the code under test.

    pip install signxml lxml cryptography
    python3 Tests/SAMLTests/Fixtures/redteam/generate.py

Keys are generated afresh on each run; every output changes together. IDs are fixed
(_redteam-assertion, _redteam-response) so the Swift suites can mutate the documents.
"""
import base64
import hashlib
import hmac
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "generator"))
import generate as g  # noqa: E402

from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding, rsa  # noqa: E402
from lxml import etree  # noqa: E402

g.OUT = HERE
DS = g.NS["ds"]
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
INC = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ENV = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
RSA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
ASSERTION_ID = "_redteam-assertion"
RESPONSE_ID = "_redteam-response"


def keys():
    material = {}
    for name in ("idp", "attacker"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = g.self_signed(key, f"SelfServeSSO red-team ({name})")
        pem = cert.public_bytes(serialization.Encoding.PEM)
        with open(os.path.join(HERE, f"{name}.pem"), "wb") as f:
            f.write(pem)
        material[name] = (key, pem.decode(), cert)
    return material


def base(material, sign_response, sign_assertion):
    xml, _, _ = g.build({"rsa2048": material["idp"][:2]}, sign_response=sign_response, sign_assertion=sign_assertion,
                        assertion_changes={"id": ASSERTION_ID}, response_changes={"id": RESPONSE_ID})
    return xml


def c14n(element, inclusive=False):
    return etree.tostring(element, method="c14n", exclusive=not inclusive, with_comments=False)


def custom(material, *, c14n_method=EXC, transforms=(ENV, EXC), uri=None, method=RSA256,
           mac_key=None, pss=False, second_reference=False, digest_scope="assertion", transform_extra=""):
    """An unsigned-assertion response whose assertion gets a hand-assembled signature."""
    xml = base(material, sign_response=False, sign_assertion=False)
    root = etree.fromstring(xml.encode())
    assertion = root.find("saml:Assertion", g.NS)
    uri = f"#{ASSERTION_ID}" if uri is None else uri
    # The digest: enveloped signature not yet present, so the element as it is.
    target = root if digest_scope == "document" else assertion
    digest = base64.b64encode(hashlib.sha256(c14n(target, inclusive=INC in transforms)).digest()).decode()
    transform_xml = "".join(
        f'<ds:Transform Algorithm="{t}">' + (transform_extra if t == XPATH else "") + "</ds:Transform>"
        for t in transforms)
    reference = (f'<ds:Reference URI="{uri}"><ds:Transforms>{transform_xml}</ds:Transforms>'
                 f'<ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference>')
    if second_reference:
        issuer_digest = base64.b64encode(hashlib.sha256(c14n(assertion.find("saml:Issuer", g.NS))).digest()).decode()
        reference += (f'<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="{EXC}"/></ds:Transforms>'
                      f'<ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue>{issuer_digest}</ds:DigestValue></ds:Reference>')
    signature = etree.fromstring(
        f'<ds:Signature xmlns:ds="{DS}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="{c14n_method}"/>'
        f'<ds:SignatureMethod Algorithm="{method}"/>{reference}</ds:SignedInfo>'
        f'<ds:SignatureValue></ds:SignatureValue></ds:Signature>')
    assertion.insert(1, signature)  # after Issuer, as SAML's schema puts it
    signed_info = signature.find("ds:SignedInfo", g.NS)
    data = c14n(signed_info, inclusive=c14n_method == INC)
    key = material["idp"][0]
    if mac_key is not None:
        value = hmac.new(mac_key, data, hashlib.sha256).digest()
    elif pss:
        value = key.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    else:
        value = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    signature.find("ds:SignatureValue", g.NS).text = base64.b64encode(value).decode()
    return etree.tostring(root).decode()


def variant(material, change, sign_response=False, **build_options):
    """A response whose IdP-signed assertion was first changed by `change` (a function of the
    assertion's XML text, applied before signing): the IdP itself signed the odd shape."""
    original = g.assertion_xml

    def changed(a):
        return change(original(a))

    g.assertion_xml = changed
    try:
        xml, _, _ = g.build({"rsa2048": material["idp"][:2]}, sign_response=sign_response,
                            assertion_changes={"id": ASSERTION_ID}, response_changes={"id": RESPONSE_ID}, **build_options)
    finally:
        g.assertion_xml = original
    return xml


def replacing(old, new):
    def change(xml):
        assert old in xml, old
        return xml.replace(old, new, 1)
    return change


CONFIRMATION = '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
NOT_BEFORE = 'NotBefore="2026-03-01T11:59:00.000Z"'
CONDITIONS_END = '<saml:Conditions NotBefore="2026-03-01T11:59:00.000Z" NotOnOrAfter="2026-03-01T12:05:00.000Z">'
SCD_END = 'NotOnOrAfter="2026-03-01T12:05:00.000Z" Recipient='
ISSUER = f"<saml:Issuer>{g.IDP}</saml:Issuer>"
AUDIENCE = f"<saml:Audience>{g.SP}</saml:Audience>"
NAME_ID = "alice@example.com</saml:NameID>"


def conditions_end(value):
    return replacing(CONDITIONS_END, CONDITIONS_END.replace("2026-03-01T12:05:00.000Z", value))


def both_ends(value):
    first, second = conditions_end(value), replacing(SCD_END, SCD_END.replace("2026-03-01T12:05:00.000Z", value))
    return lambda xml: second(first(xml))


def variants(material):
    conditions = ('<saml:Conditions NotBefore="2026-03-01T11:59:00.000Z" NotOnOrAfter="2026-03-01T12:05:00.000Z">\n'
                  f'    <saml:AudienceRestriction>{AUDIENCE}</saml:AudienceRestriction>\n  </saml:Conditions>\n')
    return {
        "two-bearers-first-wrong-recipient": variant(material, replacing(
            CONFIRMATION, CONFIRMATION + '<saml:SubjectConfirmationData NotOnOrAfter="2026-03-01T12:05:00.000Z" '
            'Recipient="https://evil.example.test/acs"/></saml:SubjectConfirmation>\n    ' + CONFIRMATION)),
        "holder-of-key-only": variant(material, replacing("cm:bearer", "cm:holder-of-key")),
        "bearer-method-wrong-case": variant(material, replacing("cm:bearer", "cm:Bearer")),
        "confirmation-without-in-response-to": variant(material, replacing(
            f' InResponseTo="{g.REQUEST_ID}" NotOnOrAfter', " NotOnOrAfter")),
        "no-conditions": variant(material, replacing(conditions, "")),
        "two-conditions": variant(material, replacing(conditions, conditions + conditions.replace(
            "2026-03-01T12:05:00.000Z", "2026-03-01T11:59:30.000Z"))),
        "assertion-version-1-1": variant(material, replacing('Version="2.0"', 'Version="1.1"')),
        "date-february-30": variant(material, replacing(NOT_BEFORE, 'NotBefore="2026-02-30T11:59:00Z"')),
        "date-hour-24-past-midnight": variant(material, both_ends("2026-03-01T24:30:00Z")),
        "date-hour-24-end-of-day": variant(material, both_ends("2026-03-01T24:00:00Z")),
        "date-offset": variant(material, both_ends("2026-03-01T13:05:00+01:00")),
        "date-long-fraction": variant(material, both_ends("2026-03-01T12:05:00." + "9" * 40 + "Z")),
        "date-no-zone": variant(material, both_ends("2026-03-01T12:05:00")),
        "date-leap-second": variant(material, both_ends("2026-03-01T12:04:60Z")),
        "date-far-future": variant(material, both_ends("9999-12-31T23:59:59Z")),
        "date-malformed": variant(material, conditions_end("2026-03-01 12:05:00Z")),
        "date-five-digit-year": variant(material, conditions_end("12026-03-01T12:05:00Z")),
        "issuer-padded": variant(material, replacing(ISSUER, f"<saml:Issuer>\n      {g.IDP}\n    </saml:Issuer>")),
        "issuer-no-break-space": variant(material, replacing(ISSUER, f"<saml:Issuer>{g.IDP}\u00a0</saml:Issuer>")),
        "issuer-zero-width-space": variant(material, replacing(ISSUER, f"<saml:Issuer>{g.IDP}\u200b</saml:Issuer>")),
        "issuer-with-child-element": variant(material, replacing(
            ISSUER, f"<saml:Issuer>{g.IDP}<saml:Issuer>x</saml:Issuer></saml:Issuer>")),
        "audience-padded": variant(material, replacing(AUDIENCE, f"<saml:Audience>\n        {g.SP}\t\n</saml:Audience>")),
        "name-id-padded": variant(material, replacing(NAME_ID, "\n      alice@example.com\n    </saml:NameID>")),
        "audience-many-others": variant(material, replacing(AUDIENCE, "".join(
            f"<saml:Audience>https://other{n}.example.test/{'x' * 300}</saml:Audience>" for n in range(40)))),
        "audience-decomposed": variant(material, replacing(AUDIENCE, f"<saml:Audience>{g.SP}/cafe\u0301</saml:Audience>")),
        "audience-second-restriction-other": variant(material, replacing(
            "</saml:AudienceRestriction>", "</saml:AudienceRestriction><saml:AudienceRestriction>"
            "<saml:Audience>https://other.example.test/sp</saml:Audience></saml:AudienceRestriction>")),
        "audience-one-of-several": variant(material, replacing(
            AUDIENCE, "<saml:Audience>https://other.example.test/sp</saml:Audience>" + AUDIENCE)),
        "name-id-with-child-element": variant(material, replacing(
            NAME_ID, "alice@example.com<saml:X>.evil.test</saml:X></saml:NameID>")),
        "advice-with-assertion": variant(material, replacing(
            conditions, conditions + f'  <saml:Advice><saml:Assertion ID="_advice" Version="2.0" '
            f'IssueInstant="2026-03-01T11:59:55.000Z">{ISSUER}</saml:Assertion></saml:Advice>\n')),
        "digest-sha512-signature-sha256": variant(material, lambda xml: xml, digest="sha512"),
        "authn-instant-malformed": variant(material, replacing(
            'AuthnInstant="2026-03-01T11:59:54.000Z"', 'AuthnInstant="2026-03-01 11:59:54"')),
        "session-not-on-or-after": variant(material, replacing(
            'AuthnInstant="2026-03-01T11:59:54.000Z"',
            'AuthnInstant="2026-03-01T11:59:54.000Z" SessionNotOnOrAfter="2026-03-01T19:59:54Z"')),
        "two-name-ids": variant(material, replacing(
            NAME_ID, NAME_ID + '\n    <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">'
            'mallory@example.com</saml:NameID>')),
        # Conditions SAML defines besides AudienceRestriction, and ones it does not.
        "condition-one-time-use": variant(material, replacing(
            "</saml:AudienceRestriction>", "</saml:AudienceRestriction><saml:OneTimeUse/>")),
        "condition-proxy-restriction": variant(material, replacing(
            "</saml:AudienceRestriction>", '</saml:AudienceRestriction><saml:ProxyRestriction Count="0"/>')),
        "condition-two-one-time-use": variant(material, replacing(
            "</saml:AudienceRestriction>", "</saml:AudienceRestriction><saml:OneTimeUse/><saml:OneTimeUse/>")),
        "condition-custom-type": variant(material, replacing(
            "</saml:AudienceRestriction>", '</saml:AudienceRestriction><saml:Condition '
            'xmlns:ext="urn:example:conditions" xsi:type="ext:OnlyFromOfficeNetwork"/>')),
        "condition-foreign-element": variant(material, replacing(
            "</saml:AudienceRestriction>", '</saml:AudienceRestriction>'
            '<ext:DeviceCompliance xmlns:ext="urn:example:conditions" Required="true"/>')),
    }


def main():
    material = keys()
    cert = material["idp"][2]
    der = cert.public_bytes(serialization.Encoding.DER)
    outputs = {
        "assertion-signed": base(material, sign_response=False, sign_assertion=True),
        "response-signed": base(material, sign_response=True, sign_assertion=False),
        "both-signed": base(material, sign_response=True, sign_assertion=True),
        # Control: the hand-assembled signer's ordinary output must be accepted.
        "custom-valid": custom(material),
        "hmac-keyed-with-certificate-der": custom(material, method="http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
                                                  mac_key=der),
        "hmac-keyed-with-certificate-pem": custom(material, method="http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
                                                  mac_key=material["idp"][1].encode()),
        "rsa-pss": custom(material, method="http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1", pss=True),
        "inclusive-c14n-signed-info": custom(material, c14n_method=INC),
        "inclusive-c14n-transform": custom(material, transforms=(ENV, INC)),
        "xpath-transform": custom(material, transforms=(ENV, XPATH, EXC),
                                  transform_extra="<ds:XPath>not(ancestor-or-self::saml:NameID)</ds:XPath>"),
        "empty-reference-uri": custom(material, uri="", digest_scope="document"),
        "xpointer-reference-uri": custom(material, uri=f"#xpointer(id('{ASSERTION_ID}'))"),
        "two-references": custom(material, second_reference=True),
    }
    outputs.update(variants(material))
    for name, xml in outputs.items():
        with open(os.path.join(HERE, f"{name}.xml"), "w") as f:
            f.write(xml)


if __name__ == "__main__":
    main()
