#!/usr/bin/env python3
"""Generates the signed SAML Response fixtures under ../responses and their manifest.json.

Signatures are made by an independent implementation (signxml on lxml/libxml2 and
pyca/cryptography), never by the code under test. Run by hand when the cases change:

    pip install signxml lxml cryptography
    python3 Tests/SAMLTests/Fixtures/generator/generate.py

CI does not run this script; its outputs are committed. Keys are generated afresh on each
run, so every output file changes together.

Each manifest entry: file, options (overrides of the defaults in "defaults"), and expected:
{"valid": true, "nameID": ..., "signed": [...]} or {"valid": false, "code": "..."}.
"""
import base64
import copy
import datetime
import json
import os
import textwrap

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from lxml import etree
import signxml
from signxml import XMLSigner

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "responses"))

NOW = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
IDP = "https://idp.example.test/saml/metadata"
SP = "https://app.example.test/saml/metadata"
ACS = "https://app.example.test/saml/acs"
REQUEST_ID = "_req-5d9a0c2b7e4f4a19b6b1c0ffee000001"
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".000Z"


# ---------------------------------------------------------------- keys and certificates

def self_signed(key, common_name, digest=hashes.SHA256(), not_before=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(datetime.datetime(2044, 1, 1, tzinfo=datetime.timezone.utc))
            .sign(key, digest))


def make_keys():
    keys = {
        "rsa2048": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa2048-second": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa2048-attacker": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "rsa1024": rsa.generate_private_key(public_exponent=65537, key_size=1024),
        "ecdsa-p256": ec.generate_private_key(ec.SECP256R1()),
        # The IdP's next signing key: its certificate has the subject of rsa2048's and a later
        # notBefore, as a rotation in the IdP's console makes it.
        "rsa2048-rotated": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    }
    material = {}
    for name, key in keys.items():
        if name == "rsa2048-rotated":
            cert = self_signed(key, "SelfServeSSO test IdP (rsa2048)",
                               not_before=datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc))
        else:
            cert = self_signed(key, f"SelfServeSSO test IdP ({name})")
        pem = cert.public_bytes(serialization.Encoding.PEM)
        with open(os.path.join(OUT, f"{name}.pem"), "wb") as f:
            f.write(pem)
        material[name] = (key, pem.decode())
    return material


# ---------------------------------------------------------------- documents

def assertion_xml(a):
    attrs = "".join(
        f'<saml:Attribute Name="{n}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">'
        + "".join(f'<saml:AttributeValue xsi:type="xs:string">{v}</saml:AttributeValue>' for v in vs)
        + "</saml:Attribute>"
        for n, vs in a["attributes"].items())
    irt = f' InResponseTo="{a["scd_irt"]}"' if a["scd_irt"] else ""
    placeholder = f'<ds:Signature xmlns:ds="{NS["ds"]}" Id="placeholder"></ds:Signature>' if a["sign"] else ""
    return (
        f'<saml:Assertion xmlns:saml="{NS["saml"]}" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{a["id"]}" '
        f'IssueInstant="{iso(NOW - datetime.timedelta(seconds=5))}" Version="2.0">\n'
        f'  <saml:Issuer>{a["issuer"]}</saml:Issuer>{placeholder}\n'
        f'  <saml:Subject>\n'
        f'    <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{a["name_id"]}</saml:NameID>\n'
        f'    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\n'
        f'      <saml:SubjectConfirmationData{irt} NotOnOrAfter="{iso(a["scd_end"])}" Recipient="{a["recipient"]}"/>\n'
        f'    </saml:SubjectConfirmation>\n'
        f'  </saml:Subject>\n'
        f'  <saml:Conditions NotBefore="{iso(a["not_before"])}" NotOnOrAfter="{iso(a["not_on_or_after"])}">\n'
        f'    <saml:AudienceRestriction><saml:Audience>{a["audience"]}</saml:Audience></saml:AudienceRestriction>\n'
        f'  </saml:Conditions>\n'
        f'  <saml:AuthnStatement AuthnInstant="{iso(NOW - datetime.timedelta(seconds=6))}" SessionIndex="_session-{a["id"][1:9]}">\n'
        f'    <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>\n'
        f'  </saml:AuthnStatement>\n'
        f'  <saml:AttributeStatement>{attrs}</saml:AttributeStatement>\n'
        f'</saml:Assertion>')


def response_xml(r, assertions):
    irt = f' InResponseTo="{r["irt"]}"' if r["irt"] else ""
    dest = f' Destination="{r["destination"]}"' if r["destination"] else ""
    placeholder = f'<ds:Signature xmlns:ds="{NS["ds"]}" Id="placeholder"></ds:Signature>' if r["sign"] else ""
    status = (f'<samlp:Status><samlp:StatusCode Value="{r["status"]}">'
              + (f'<samlp:StatusCode Value="{r["status2"]}"/>' if r["status2"] else "")
              + "</samlp:StatusCode>"
              + (f'<samlp:StatusMessage>{r["status_message"]}</samlp:StatusMessage>' if r["status_message"] else "")
              + "</samlp:Status>")
    return (
        f'<samlp:Response xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" ID="{r["id"]}"{irt} '
        f'Version="2.0" IssueInstant="{iso(NOW - datetime.timedelta(seconds=5))}"{dest}>\n'
        f'  <saml:Issuer>{r["issuer"]}</saml:Issuer>{placeholder}\n'
        f'  {status}\n'
        f'  {r["extra"]}{"".join(assertions)}\n'
        f'</samlp:Response>')


class Signer(XMLSigner):
    """signxml 5.2 digests an enveloped reference with the InclusiveNamespaces PrefixList but
    does not write the PrefixList into the reference's exclusive c14n Transform, so a
    conforming verifier (ours, xmlsec1) finds a digest mismatch. Write it, as the spec says."""

    def _build_transforms_for_reference(self, *, transforms_node, reference, exclude_c14n_transform_element=True):
        super()._build_transforms_for_reference(transforms_node=transforms_node, reference=reference,
                                                exclude_c14n_transform_element=exclude_c14n_transform_element)
        if self.construction_method == signxml.SignatureConstructionMethod.enveloped and reference.inclusive_ns_prefixes:
            c14n_transform = transforms_node[-1]
            etree.SubElement(c14n_transform, "{http://www.w3.org/2001/10/xml-exc-c14n#}InclusiveNamespaces",
                             PrefixList=" ".join(reference.inclusive_ns_prefixes))


class SHA1Signer(Signer):
    """signxml refuses SHA-1 by default; the SHA-1 fixtures need it on purpose."""

    def check_deprecated_methods(self):
        pass


def sign(xml, key_pem, algorithm="rsa-sha256", digest="sha256", inclusive=None, with_comments=False):
    key, cert = key_pem
    signer_class = SHA1Signer if "sha1" in (algorithm + digest) else Signer
    signer = signer_class(method=signxml.SignatureConstructionMethod.enveloped,
                          signature_algorithm=algorithm, digest_algorithm=digest,
                          c14n_algorithm=EXC + ("WithComments" if with_comments else ""))
    signer.namespaces = {"ds": NS["ds"]}
    root = etree.fromstring(xml.encode())
    signed = signer.sign(root, key=key, cert=cert, inclusive_ns_prefixes=inclusive)
    return etree.tostring(signed).decode()


# ---------------------------------------------------------------- cases

counter = [0]


def new_id(prefix):
    counter[0] += 1
    return f"_{prefix}{counter[0]:04d}" + os.urandom(12).hex()


def corrupt_signature_value(xml):
    """Flips one bit of the (first) SignatureValue of a signed element's XML."""
    root = etree.fromstring(xml.encode())
    value = root.find("ds:Signature/ds:SignatureValue", NS)
    raw = bytearray(base64.b64decode(value.text))
    raw[len(raw) // 2] ^= 0x01
    value.text = base64.b64encode(bytes(raw)).decode()
    return etree.tostring(root).decode()


def build(keys, *, signer="rsa2048", sign_response=True, sign_assertion=True, algorithm="rsa-sha256",
          digest="sha256", name_id="alice@example.com", assertion_changes=None, response_changes=None,
          inclusive=None, n_assertions=1, with_comments=False, corrupt_assertion_signature=False):
    a = dict(id=new_id("a"), issuer=IDP, name_id=name_id, scd_irt=REQUEST_ID, recipient=ACS,
             scd_end=NOW + datetime.timedelta(minutes=5), not_before=NOW - datetime.timedelta(minutes=1),
             not_on_or_after=NOW + datetime.timedelta(minutes=5), audience=SP, sign=sign_assertion,
             attributes={"email": ["alice@example.com"], "groups": ["admins", "engineering"],
                         "firstName": ["Alice"]})
    a.update(assertion_changes or {})
    r = dict(id=new_id("r"), irt=REQUEST_ID, destination=ACS, issuer=IDP, sign=sign_response,
             status="urn:oasis:names:tc:SAML:2.0:status:Success", status2=None, status_message=None, extra="")
    r.update(response_changes or {})
    assertions = []
    for index in range(n_assertions):
        current = dict(a, id=a["id"] if index == 0 else new_id("a"))
        xml = assertion_xml(current)
        if sign_assertion:
            xml = sign(xml, keys[signer], algorithm, digest, inclusive, with_comments)
            if corrupt_assertion_signature:
                xml = corrupt_signature_value(xml)
        assertions.append(xml)
    if a.get("omit"):
        assertions = []
    xml = response_xml(r, assertions)
    if sign_response:
        xml = sign(xml, keys[signer], algorithm, digest, inclusive, with_comments)
    return xml, a["id"], r["id"]


def find(root, path):
    return root.find(path, NS)


def evil(assertion_el, new_id_value):
    """Makes an attacker's assertion out of a copy: new ID, attacker NameID, no signature."""
    for sig in assertion_el.findall("ds:Signature", NS):
        assertion_el.remove(sig)
    assertion_el.set("ID", new_id_value)
    assertion_el.find("saml:Subject/saml:NameID", NS).text = "attacker@evil.test"
    return assertion_el


def detach(element):
    """Removes an element but keeps its tail text in place (so surrounding bytes stay)."""
    parent = element.getparent()
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    element.tail = None
    parent.remove(element)
    return element


def xsw(keys, variant):
    """The eight XML signature wrapping attacks of Somorovsky et al., "On Breaking SAML: Be
    Whoever You Want to Be" (USENIX Security 2012), in the form SAML Raider applies them.
    Each starts from a validly signed response; the original signed element stays byte-
    identical (so its signature stays cryptographically valid), only placement is malicious."""
    if variant in (1, 2):
        xml, _, response_id = build(keys, sign_response=True, sign_assertion=False)
        root = etree.fromstring(xml.encode())
        clone = copy.deepcopy(root)
        detach(find(clone, "ds:Signature"))
        clone.tail = None
        signature = find(root, "ds:Signature")
        root.set("ID", new_id("evilresponse"))
        evil(find(root, "saml:Assertion"), new_id("evil"))
        if variant == 1:
            signature.append(clone)            # original Response inside the Signature
        else:
            signature.addprevious(clone)       # original Response before the Signature
        return etree.tostring(root).decode()
    xml, assertion_id, _ = build(keys, sign_response=False, sign_assertion=True)
    root = etree.fromstring(xml.encode())
    original = find(root, "saml:Assertion")
    if variant == 3:   # evil assertion inserted before the signed one
        original.addprevious(evil(copy.deepcopy(original), new_id("evil")))
    elif variant == 4:  # evil assertion wraps the signed one
        wrapper = evil(copy.deepcopy(original), new_id("evil"))
        original.addprevious(wrapper)
        wrapper.append(detach(original))
    elif variant == 5:  # signed assertion altered (keeps Signature), unsigned original copy at the end
        copy_of_original = copy.deepcopy(original)
        detach(find(copy_of_original, "ds:Signature"))
        original.set("ID", new_id("evil"))
        find(original, "saml:Subject/saml:NameID").text = "attacker@evil.test"
        root.append(copy_of_original)
    elif variant == 6:  # as 5, but the original copy sits inside the Signature
        copy_of_original = copy.deepcopy(original)
        detach(find(copy_of_original, "ds:Signature"))
        original.set("ID", new_id("evil"))
        find(original, "saml:Subject/saml:NameID").text = "attacker@evil.test"
        find(original, "ds:Signature").append(copy_of_original)
    elif variant == 7:  # signed original hidden in Extensions, evil assertion in its place
        extensions = etree.Element(f"{{{NS['samlp']}}}Extensions")
        find(root, "samlp:Status").addprevious(extensions)
        original.addprevious(evil(copy.deepcopy(original), new_id("evil")))
        extensions.append(detach(original))
    elif variant == 8:  # altered assertion keeps Signature; original copy in a ds:Object inside it
        copy_of_original = copy.deepcopy(original)
        detach(find(copy_of_original, "ds:Signature"))
        original.set("ID", new_id("evil"))
        find(original, "saml:Subject/saml:NameID").text = "attacker@evil.test"
        obj = etree.SubElement(find(original, "ds:Signature"), f"{{{NS['ds']}}}Object")
        obj.append(copy_of_original)
    return etree.tostring(root).decode()


def main():
    os.makedirs(OUT, exist_ok=True)
    keys = make_keys()
    cases = []

    def add(name, xml, expected, options=None, encoding="xml", note=""):
        file = f"{name}.xml" if encoding == "xml" else f"{name}.b64"
        data = xml.encode()
        if encoding == "base64":
            data = "\n".join(textwrap.wrap(base64.b64encode(data).decode(), 76)).encode() + b"\n"
        with open(os.path.join(OUT, file), "wb") as f:
            f.write(data)
        cases.append({"name": name, "file": file, "options": options or {}, "expected": expected, "note": note})

    def valid(signed, name_id="alice@example.com", warnings=0):
        return {"valid": True, "nameID": name_id, "signed": signed, "warnings": warnings}

    def invalid(code):
        return {"valid": False, "code": code}

    # Accepted shapes.
    add("response-signed", build(keys, sign_assertion=False)[0], valid(["response"]))
    add("assertion-signed", build(keys, sign_response=False)[0], valid(["assertion"]))
    both, _, _ = build(keys)
    add("both-signed", both, valid(["response", "assertion"]), note="the benchmark's fixture")
    add("both-signed-base64", both, valid(["response", "assertion"]), encoding="base64",
        note="the same document as the SAMLResponse form field carries it, wrapped at 76 columns")
    add("sha384", build(keys, algorithm="rsa-sha384", digest="sha384")[0], valid(["response", "assertion"]))
    add("sha512", build(keys, algorithm="rsa-sha512", digest="sha512")[0], valid(["response", "assertion"]))
    add("ecdsa-p256", build(keys, signer="ecdsa-p256", algorithm="ecdsa-sha256")[0],
        valid(["response", "assertion"]), {"certificates": ["ecdsa-p256.pem"]})
    add("second-certificate", build(keys, signer="rsa2048-second")[0], valid(["response", "assertion"]),
        {"certificates": ["rsa2048.pem", "rsa2048-second.pem"]}, note="rotation: signed by the second configured certificate")
    add("idp-initiated", build(keys, assertion_changes={"scd_irt": None}, response_changes={"irt": None})[0],
        valid(["response", "assertion"]), {"idpInitiated": True})
    add("inclusive-namespaces", build(keys, inclusive=["xs", "xsi"])[0], valid(["response", "assertion"]),
        note="InclusiveNamespaces PrefixList on both canonicalizations")
    add("c14n-with-comments", build(keys, with_comments=True,
                                    name_id="alice@example.com")[0], valid(["response", "assertion"]),
        note="SignedInfo canonicalized with exc-c14n#WithComments")
    add("comment-in-name-id", build(keys, name_id="alice@<!-- signed comment -->example.com")[0],
        valid(["response", "assertion"]), note="the comment is part of the signed document; NameID reads in full")
    injected = build(keys, name_id="alice@example.com.evil.test")[0].replace(
        "alice@example.com.evil.test</saml:NameID>", "alice@example.com<!-- injected -->.evil.test</saml:NameID>")
    add("comment-injected-in-name-id", injected, valid(["response", "assertion"], "alice@example.com.evil.test"),
        note="CVE-2017-11428 class: a comment added after signing leaves the signature valid; the NameID must still read in full")
    sha1 = build(keys, algorithm="rsa-sha1", digest="sha1")[0]
    add("sha1", sha1, invalid("signature.weak-algorithm"))
    add("sha1-allowed", sha1, valid(["response", "assertion"], warnings=2), {"allowSHA1": True})
    weak = build(keys, signer="rsa1024")[0]
    add("rsa1024", weak, invalid("signature.weak-key"), {"certificates": ["rsa1024.pem"]})
    add("rsa1024-allowed", weak, valid(["response", "assertion"], warnings=2),
        {"certificates": ["rsa1024.pem"], "allowWeakKeys": True})

    # Signature failures.
    tampered = both.replace("alice@example.com</saml:NameID>", "admin@example.com</saml:NameID>")
    assert tampered != both
    add("tampered-content", tampered, invalid("signature.digest-mismatch"))
    assertion_only = build(keys, sign_response=False)[0]
    add("tampered-assertion-content", assertion_only.replace(">admins<", ">root<"), invalid("signature.digest-mismatch"))
    root = etree.fromstring(both.encode())
    value = find(root, "ds:Signature/ds:SignatureValue")
    raw = bytearray(base64.b64decode(value.text))
    raw[len(raw) // 2] ^= 0x01
    value.text = base64.b64encode(bytes(raw)).decode()
    add("tampered-signature", etree.tostring(root).decode(), invalid("signature.invalid"))
    add("other-key", build(keys, signer="rsa2048-attacker")[0], invalid("signature.untrusted-key"),
        note="signed by an attacker's key whose certificate is in KeyInfo")
    add("rotated-key", build(keys, signer="rsa2048-rotated")[0], invalid("signature.untrusted-key"),
        note="signed by the IdP's next key, whose certificate (in KeyInfo) has the configured certificate's subject and a later notBefore: a rotation the connection has not caught up with")
    add("invalid-assertion-signature-inside-valid-response-signature",
        build(keys, corrupt_assertion_signature=True)[0], invalid("signature.invalid"),
        note="the Response signature is valid and covers a broken Assertion signature: every present signature must verify")
    add("unsigned", build(keys, sign_response=False, sign_assertion=False)[0], invalid("signature.missing"))
    add("ecdsa-signature-rsa-certificate", build(keys, signer="ecdsa-p256", algorithm="ecdsa-sha256")[0],
        invalid("signature.untrusted-key"))

    # Policy failures.
    add("expired", both, invalid("conditions.expired"), {"now": iso(NOW + datetime.timedelta(minutes=10))})
    add("not-yet-valid", both, invalid("conditions.not-yet-valid"), {"now": iso(NOW - datetime.timedelta(minutes=10))})
    add("within-clock-skew", both, valid(["response", "assertion"]), {"now": iso(NOW + datetime.timedelta(minutes=6))})
    add("subject-confirmation-expired",
        build(keys, assertion_changes={"scd_end": NOW - datetime.timedelta(minutes=3)})[0],
        invalid("subject-confirmation.expired"))
    add("wrong-audience", build(keys, assertion_changes={"audience": "https://other.example.test/sp"})[0],
        invalid("conditions.audience-mismatch"))
    add("wrong-recipient", build(keys, assertion_changes={"recipient": "https://other.example.test/acs"})[0],
        invalid("subject-confirmation.recipient-mismatch"))
    add("wrong-destination", build(keys, response_changes={"destination": "https://other.example.test/acs"})[0],
        invalid("response.destination-mismatch"))
    add("wrong-issuer", build(keys, assertion_changes={"issuer": "https://evil.example.test/idp"},
                              response_changes={"issuer": "https://evil.example.test/idp"})[0],
        invalid("response.issuer-mismatch"))
    add("wrong-in-response-to", build(keys, assertion_changes={"scd_irt": "_other-request"},
                                      response_changes={"irt": "_other-request"})[0],
        invalid("response.in-response-to-mismatch"))
    add("missing-in-response-to", build(keys, assertion_changes={"scd_irt": None}, response_changes={"irt": None})[0],
        invalid("response.in-response-to-mismatch"))
    add("status-failure", build(keys, sign_assertion=False, assertion_changes={"omit": True},
                                response_changes={"status": "urn:oasis:names:tc:SAML:2.0:status:Responder",
                                                  "status2": "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed",
                                                  "status_message": "User is not assigned to this application"})[0],
        invalid("response.status"))
    add("two-assertions", build(keys, sign_response=True, n_assertions=2)[0], invalid("assertion.count"))
    add("encrypted-assertion", build(keys, sign_assertion=False, assertion_changes={"omit": True}, response_changes={
        "extra": '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">'
                 '<xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData>'
                 '</xenc:EncryptedData></saml:EncryptedAssertion>'})[0],
        invalid("assertion.encrypted-unsupported"))

    # Structure attacks.
    for variant in range(1, 9):
        add(f"xsw{variant}", xsw(keys, variant), invalid("assertion.count"),
            note="Somorovsky et al. XSW%d; rejected because the document holds two Assertions" % variant)
    # Single-assertion forms, where only placement and reference checks stand in the way.
    xml, assertion_id, _ = build(keys, sign_response=False)
    root = etree.fromstring(xml.encode())
    extensions = etree.Element(f"{{{NS['samlp']}}}Extensions")
    find(root, "samlp:Status").addprevious(extensions)
    extensions.append(detach(find(root, "saml:Assertion")))
    add("xsw7-lone-assertion-in-extensions", etree.tostring(root).decode(), invalid("signature.wrapping"),
        note="the only (validly signed) Assertion hidden in Extensions")
    xml, _, response_id = build(keys, sign_assertion=False)
    root = etree.fromstring(xml.encode())
    clone = copy.deepcopy(root)
    detach(find(clone, "ds:Signature"))
    detach(find(clone, "saml:Assertion"))
    root.set("ID", new_id("evilresponse"))
    find(root, "ds:Signature").append(clone)
    find(root, "saml:Assertion/saml:Subject/saml:NameID").text = "attacker@evil.test"
    add("xsw1-reference-to-other-element", etree.tostring(root).decode(), invalid("signature.wrapping"),
        note="the Response's Signature refers to a copy of the Response inside it, not to the Response")
    xml, _, _ = build(keys, sign_response=False)
    root = etree.fromstring(xml.encode())
    assertion = find(root, "saml:Assertion")
    signature = detach(find(assertion, "ds:Signature"))
    find(root, "samlp:Status").addprevious(signature)
    add("signature-moved-to-response", etree.tostring(root).decode(), invalid("signature.wrapping"),
        note="the Assertion's genuine Signature moved up to the Response")
    dup, assertion_id, _ = build(keys)
    dup = dup.replace("<samlp:Status>", f'<samlp:Extensions><saml:Issuer ID="{assertion_id}">x</saml:Issuer></samlp:Extensions><samlp:Status>', 1)
    add("duplicate-ids", dup, invalid("response.duplicate-id"))
    add("doctype-xxe", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        + both.replace("alice@example.com</saml:NameID>", "&xxe;</saml:NameID>"), invalid("xml.doctype-forbidden"))
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
            + ']>\n<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol9;</samlp:Response>')
    add("billion-laughs", bomb, invalid("xml.doctype-forbidden"))
    add("not-xml", "this is not a SAML response", invalid("xml.not-base64"))
    add("truncated", both[: len(both) // 2], invalid("xml.malformed"))

    manifest = {
        "generator": "generate.py (signxml %s, lxml %s)" % (signxml.__version__ if hasattr(signxml, "__version__") else "?", etree.__version__),
        "defaults": {"certificates": ["rsa2048.pem"], "idpEntityID": IDP, "spEntityID": SP, "acsURL": ACS,
                     "requestID": REQUEST_ID, "now": iso(NOW), "clockSkew": 120, "allowSHA1": False,
                     "allowWeakKeys": False},
        "cases": cases,
    }
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
