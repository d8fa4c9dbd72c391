import Foundation
import Testing
@testable import SAML

/// XML signature attacks: what the signature may cover, how, with which algorithm and key,
/// and the wrapping of signed content. Every case names the code it must be refused with.
@Suite struct RedTeamSignatureTests {
    struct SignedCase: CustomTestStringConvertible, Sendable {
        let file: String
        let expected: SAMLError.Code?
        var testDescription: String { file }
    }

    /// Documents the trusted IdP key really signed (or, for HMAC, MACed with the certificate's
    /// bytes as the secret): a refusal can come only from the policy, not from a broken signature.
    static let signedCases: [SignedCase] = [
        .init(file: "custom-valid.xml", expected: nil),
        .init(file: "assertion-signed.xml", expected: nil),
        .init(file: "response-signed.xml", expected: nil),
        .init(file: "both-signed.xml", expected: nil),
        .init(file: "digest-sha512-signature-sha256.xml", expected: nil),
        .init(file: "hmac-keyed-with-certificate-der.xml", expected: .signatureUnsupportedAlgorithm),
        .init(file: "hmac-keyed-with-certificate-pem.xml", expected: .signatureUnsupportedAlgorithm),
        .init(file: "rsa-pss.xml", expected: .signatureUnsupportedAlgorithm),
        .init(file: "inclusive-c14n-signed-info.xml", expected: .signatureUnsupportedAlgorithm),
        .init(file: "inclusive-c14n-transform.xml", expected: .signatureUnsupportedAlgorithm),
        .init(file: "xpath-transform.xml", expected: .signatureUnsupportedAlgorithm),
        .init(file: "empty-reference-uri.xml", expected: .signatureWrapping),
        .init(file: "xpointer-reference-uri.xml", expected: .signatureWrapping),
        .init(file: "two-references.xml", expected: .signatureMalformed),
        .init(file: "advice-with-assertion.xml", expected: .assertionCount),
    ]

    @Test(arguments: signedCases)
    func signedByTheTrustedKey(_ test: SignedCase) throws {
        let validator = try RedTeam.validator()
        let result = RedTeam.outcome(try RedTeam.text(test.file), validator)
        switch (result, test.expected) {
        case (.success(let assertion), nil):
            #expect(assertion.nameID == "alice@example.com")
        case (.failure(let error), let expected?):
            #expect(error.code == expected, "\(error)")
            #expect(error.message.hasSuffix(".") && error.message.count > 40)
        case (.success, let expected?):
            Issue.record("accepted; expected \(expected.rawValue)")
        case (.failure(let error), nil):
            Issue.record("refused: \(error)")
        }
    }

    // MARK: - Wrapping: the signed assertion moved, copied or shadowed (assertion-signed base,
    // whose Response envelope is unsigned and so entirely in the attacker's hands).

    struct Wrapping: CustomTestStringConvertible, Sendable {
        let name: String
        let expected: SAMLError.Code
        let build: @Sendable (String) throws -> String
        var testDescription: String { name }
    }

    static let statusLine = "<samlp:Status>"

    static let wrappings: [Wrapping] = [
        .init(name: "signed assertion in Extensions, forged one in its place", expected: .assertionCount) { base in
            let signed = RedTeam.assertionElement(of: base)
            return base.replacingOccurrences(of: signed, with: RedTeam.forgedAssertion(from: base))
                .replacingOccurrences(of: statusLine, with: "<samlp:Extensions>\(signed)</samlp:Extensions>\(statusLine)")
        },
        .init(name: "signed assertion inside the forged one's Advice", expected: .assertionCount) { base in
            let signed = RedTeam.assertionElement(of: base)
            let forged = try RedTeam.replacing("</saml:Assertion>", with: "<saml:Advice>\(signed)</saml:Advice></saml:Assertion>",
                                               in: RedTeam.forgedAssertion(from: base))
            return base.replacingOccurrences(of: signed, with: forged)
        },
        .init(name: "signed assertion in the signature's Object of a forged copy", expected: .assertionCount) { base in
            let signed = RedTeam.assertionElement(of: base)
            var forged = signed.replacingOccurrences(of: ">alice@example.com</saml:NameID>", with: ">\(RedTeam.attackerNameID)</saml:NameID>")
            forged = try RedTeam.replacing("</ds:Signature>", with: "<ds:Object>\(signed.replacingOccurrences(of: "ID=\"\(RedTeam.assertionID)\"", with: "ID=\"_orig\""))</ds:Object></ds:Signature>", in: forged)
            return base.replacingOccurrences(of: signed, with: forged)
        },
        .init(name: "forged assertion beside the signed one, another prefix", expected: .assertionCount) { base in
            let forged = RedTeam.forgedAssertion(from: base).replacingOccurrences(of: "saml:", with: "a:")
                .replacingOccurrences(of: "xmlns:saml=", with: "xmlns:a=")
            return base.replacingOccurrences(of: statusLine, with: "\(forged)\(statusLine)")
        },
        .init(name: "forged assertion beside the signed one, default namespace", expected: .assertionCount) { base in
            let forged = RedTeam.forgedAssertion(from: base).replacingOccurrences(of: "saml:", with: "")
                .replacingOccurrences(of: "xmlns:saml=", with: "xmlns=")
            return base.replacingOccurrences(of: statusLine, with: "\(forged)\(statusLine)")
        },
        .init(name: "the Response wrapped in a second, unsigned Response", expected: .signatureWrapping) { base in
            let inner = try RedTeam.replacing("ID=\"\(RedTeam.responseID)\"", with: "ID=\"_inner\"", in: base)
            let start = try #require(base.range(of: "<saml:Issuer>"))
            return String(base[..<start.lowerBound])
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<samlp:Extensions>\(inner)</samlp:Extensions></samlp:Response>"
        },
        .init(name: "the only assertion re-parented into Extensions", expected: .signatureWrapping) { base in
            let signed = RedTeam.assertionElement(of: base)
            return base.replacingOccurrences(of: signed, with: "<samlp:Extensions>\(signed)</samlp:Extensions>")
        },
        .init(name: "the only assertion inside samlp:Status", expected: .signatureWrapping) { base in
            let signed = RedTeam.assertionElement(of: base)
            return try RedTeam.replacing("</samlp:Status>", with: "\(signed)</samlp:Status>",
                                         in: base.replacingOccurrences(of: signed, with: ""))
        },
        .init(name: "the assertion's ID repeated as Id on another element", expected: .responseDuplicateID) { base in
            base.replacingOccurrences(of: statusLine, with: "<samlp:Extensions><x:y xmlns:x=\"urn:x\" Id=\"\(RedTeam.assertionID)\"/></samlp:Extensions>\(statusLine)")
        },
        .init(name: "the assertion's ID repeated as AssertionID", expected: .responseDuplicateID) { base in
            base.replacingOccurrences(of: statusLine, with: "<samlp:Extensions><x:y xmlns:x=\"urn:x\" AssertionID=\"\(RedTeam.assertionID)\"/></samlp:Extensions>\(statusLine)")
        },
        .init(name: "the assertion's ID repeated as xml:id", expected: .responseDuplicateID) { base in
            base.replacingOccurrences(of: statusLine, with: "<samlp:Extensions><x:y xmlns:x=\"urn:x\" xml:id=\"\(RedTeam.assertionID)\"/></samlp:Extensions>\(statusLine)")
        },
        .init(name: "the Response's ID set to the assertion's", expected: .responseDuplicateID) { base in
            base.replacingOccurrences(of: "ID=\"\(RedTeam.responseID)\"", with: "ID=\"\(RedTeam.assertionID)\"")
        },
        .init(name: "a second signature in Extensions", expected: .signatureWrapping) { base in
            let signature = try #require(RedTeam.signatureElement(of: base))
            return base.replacingOccurrences(of: statusLine, with: "<samlp:Extensions>\(signature)</samlp:Extensions>\(statusLine)")
        },
        .init(name: "the assertion's signature copied onto the Response", expected: .signatureWrapping) { base in
            let signature = try #require(RedTeam.signatureElement(of: base))
            return base.replacingOccurrences(of: statusLine, with: "\(signature)\(statusLine)")
        },
        .init(name: "two signatures in the assertion", expected: .signatureMalformed) { base in
            let signature = try #require(RedTeam.signatureElement(of: base))
            return base.replacingOccurrences(of: signature, with: signature + signature)
        },
        .init(name: "reference to the Response (an ancestor)", expected: .signatureWrapping) { base in
            base.replacingOccurrences(of: "URI=\"#\(RedTeam.assertionID)\"", with: "URI=\"#\(RedTeam.responseID)\"")
        },
        .init(name: "reference to the signature itself", expected: .signatureWrapping) { base in
            base.replacingOccurrences(of: "URI=\"#\(RedTeam.assertionID)\"", with: "URI=\"#sig\"")
                .replacingOccurrences(of: "<ds:Signature xmlns:ds", with: "<ds:Signature Id=\"sig\" xmlns:ds")
        },
        .init(name: "reference to SignedInfo", expected: .signatureWrapping) { base in
            base.replacingOccurrences(of: "URI=\"#\(RedTeam.assertionID)\"", with: "URI=\"#si\"")
                .replacingOccurrences(of: "<ds:SignedInfo>", with: "<ds:SignedInfo Id=\"si\">")
        },
        .init(name: "reference URI without '#'", expected: .signatureWrapping) { base in
            base.replacingOccurrences(of: "URI=\"#\(RedTeam.assertionID)\"", with: "URI=\"\(RedTeam.assertionID)\"")
        },
        .init(name: "reference with a second (namespaced) URI attribute", expected: .signatureInvalid) { base in
            base.replacingOccurrences(of: "URI=\"#\(RedTeam.assertionID)\"", with: "URI=\"#\(RedTeam.assertionID)\" xmlns:x=\"urn:x\" x:URI=\"#other\"")
        },
        .init(name: "signature after the Subject (not an immediate child of the assertion)", expected: .signatureWrapping) { base in
            let signature = try #require(RedTeam.signatureElement(of: base))
            return try RedTeam.replacing("<saml:Subject>", with: "<saml:Subject>\(signature)",
                                         in: base.replacingOccurrences(of: signature, with: ""))
        },
        .init(name: "XSLT transform", expected: .signatureUnsupportedAlgorithm) { base in
            try RedTeam.replacing("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
                                  with: "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/><ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/>", in: base)
        },
        .init(name: "base64 transform", expected: .signatureUnsupportedAlgorithm) { base in
            try RedTeam.replacing("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
                                  with: "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#base64\"/>", in: base)
        },
        .init(name: "the enveloped transform twice", expected: .signatureUnsupportedAlgorithm) { base in
            try RedTeam.replacing("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
                                  with: String(repeating: "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>", count: 2), in: base)
        },
        .init(name: "no Transforms at all", expected: .signatureUnsupportedAlgorithm) { base in
            let start = try #require(base.range(of: "<ds:Transforms>"))
            let end = try #require(base.range(of: "</ds:Transforms>"))
            return base.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
        },
        .init(name: "unknown SignatureMethod", expected: .signatureUnsupportedAlgorithm) { base in
            base.replacingOccurrences(of: "xmldsig-more#rsa-sha256", with: "xmldsig-more#rsa-sha224")
        },
        .init(name: "SignatureMethod rsa-sha1 without opt-in", expected: .signatureWeakAlgorithm) { base in
            base.replacingOccurrences(of: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", with: "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
        },
        .init(name: "DigestMethod MD5", expected: .signatureUnsupportedAlgorithm) { base in
            base.replacingOccurrences(of: "http://www.w3.org/2001/04/xmlenc#sha256", with: "http://www.w3.org/2001/04/xmldsig-more#md5")
        },
        .init(name: "SignatureMethod ECDSA with the RSA-only configuration", expected: .signatureUntrustedKey) { base in
            base.replacingOccurrences(of: "xmldsig-more#rsa-sha256", with: "xmldsig-more#ecdsa-sha256")
        },
        .init(name: "SignatureMethod with no Algorithm", expected: .signatureUnsupportedAlgorithm) { base in
            base.replacingOccurrences(of: "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>", with: "<ds:SignatureMethod/>")
        },
        .init(name: "a comment injected into SignedInfo canonicalized with comments", expected: .signatureInvalid) { base in
            base.replacingOccurrences(of: "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
                                      with: "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#WithComments\"/><!--x-->")
        },
        .init(name: "an InclusiveNamespaces PrefixList of 9 prefixes", expected: .signatureMalformed) { base in
            try withPrefixList((1...9).map { "p\($0)" }.joined(separator: " "), in: base)
        },
        .init(name: "an InclusiveNamespaces PrefixList of 100,000 prefixes", expected: .signatureMalformed) { base in
            try withPrefixList((1...100_000).map { "p\($0)" }.joined(separator: " "), in: base)
        },
        .init(name: "a PrefixList entry that is not a prefix", expected: .signatureMalformed) { base in
            try withPrefixList("xs a:b", in: base)
        },
        .init(name: "content inside SignatureMethod (HMACOutputLength)", expected: .signatureMalformed) { base in
            try RedTeam.replacing("<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>",
                                  with: "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"><ds:HMACOutputLength>8</ds:HMACOutputLength></ds:SignatureMethod>", in: base)
        },
        .init(name: "20,000 elements inside the enveloped-signature transform", expected: .signatureMalformed) { base in
            try RedTeam.replacing("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
                                  with: "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\">\(String(repeating: "<x/>", count: 19_000))</ds:Transform>", in: base)
        },
        .init(name: "content inside DigestMethod", expected: .signatureMalformed) { base in
            try RedTeam.replacing("<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>",
                                  with: "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"><x/></ds:DigestMethod>", in: base)
        },
        .init(name: "a SAML element inside the signature", expected: .signatureWrapping) { base in
            try RedTeam.replacing("</ds:Signature>", with: "<saml:Attribute Name=\"x\"/></ds:Signature>", in: base)
        },
        .init(name: "a processing instruction inside NameID (canonical form changes)", expected: .signatureDigestMismatch) { base in
            try RedTeam.replacing(">alice@example.com</saml:NameID>", with: ">alice@example.com<?x y?></saml:NameID>", in: base)
        },
        .init(name: "the NameID changed", expected: .signatureDigestMismatch) { base in
            try RedTeam.replacing(">alice@example.com</saml:NameID>", with: ">admin@example.com</saml:NameID>", in: base)
        },
        .init(name: "the saml prefix rebound to another namespace inside the signed assertion", expected: .signatureDigestMismatch) { base in
            try RedTeam.replacing("<saml:Subject>", with: "<saml:Subject xmlns:saml=\"urn:evil\">", in: base)
        },
    ]

    @Test(arguments: wrappings)
    func wrappingIsRefused(_ test: Wrapping) throws {
        let validator = try RedTeam.validator()
        let xml = try test.build(try RedTeam.text("assertion-signed.xml"))
        let code = RedTeam.code(xml, validator)
        #expect(code == test.expected)
    }

    /// Harmless look-alikes: accepted, and the identity still comes from the signed assertion.
    static let harmless: [Variant] = [
        .init(name: "forged assertion in a look-alike namespace before the signed one") { base in
            let forged = RedTeam.forgedAssertion(from: base)
                .replacingOccurrences(of: "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"", with: "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion \"")
            return base.replacingOccurrences(of: "<saml:Assertion ", with: "\(forged)<saml:Assertion ")
        },
        .init(name: "an element with lowercase id equal to the assertion's ID") { base in
            base.replacingOccurrences(of: statusLine, with: "<samlp:Extensions><x:y xmlns:x=\"urn:x\" id=\"\(RedTeam.assertionID)\"/></samlp:Extensions>\(statusLine)")
        },
        .init(name: "a namespaced ID attribute on the Response") { base in
            base.replacingOccurrences(of: "ID=\"\(RedTeam.responseID)\"", with: "ID=\"\(RedTeam.responseID)\" xmlns:x=\"urn:x\" x:ID=\"\(RedTeam.assertionID)\"")
        },
        .init(name: "KeyInfo replaced by a KeyName and a RetrievalMethod (never used, never fetched)") { base in
            let start = try #require(base.range(of: "<ds:KeyInfo>"))
            let end = try #require(base.range(of: "</ds:KeyInfo>"))
            return base.replacingCharacters(in: start.lowerBound..<end.upperBound,
                                            with: "<ds:KeyInfo><ds:KeyName>idp</ds:KeyName><ds:RetrievalMethod URI=\"http://127.0.0.1:9/key\"/></ds:KeyInfo>")
        },
        .init(name: "KeyInfo carrying the attacker's certificate") { base in
            let start = try #require(base.range(of: "<ds:X509Certificate>"))
            let end = try #require(base.range(of: "</ds:X509Certificate>"))
            let attacker = try RedTeam.text("attacker.pem").split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            return base.replacingCharacters(in: start.lowerBound..<end.upperBound,
                                            with: "<ds:X509Certificate>\(attacker)</ds:X509Certificate>")
        },
        .init(name: "a comment splitting the NameID") { base in
            try RedTeam.replacing(">alice@example.com</saml:NameID>", with: ">alice<!-- injected -->@example.com<!---->\n</saml:NameID>", in: base)
                .replacingOccurrences(of: "<!---->\n", with: "<!---->")
        },
        .init(name: "the NameID as a CDATA section") { base in
            try RedTeam.replacing(">alice@example.com</saml:NameID>", with: "><![CDATA[alice@example.com]]></saml:NameID>", in: base)
        },
        .init(name: "the NameID spelled with character references") { base in
            try RedTeam.replacing(">alice@example.com</saml:NameID>", with: ">&#97;lice&#x40;example.com</saml:NameID>", in: base)
        },
        .init(name: "the Issuer and Audience spelled with character references") { base in
            base.replacingOccurrences(of: ">https://idp.example.test/saml/metadata</saml:Issuer>", with: ">https&#x3A;//idp.example.test/saml/metadata</saml:Issuer>")
                .replacingOccurrences(of: ">https://app.example.test/saml/metadata</saml:Audience>", with: "><!--x-->https://app.example.test/saml/metadata<![CDATA[]]></saml:Audience>")
        },
        .init(name: "processing instructions and comments outside the root") { base in
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet href=\"http://127.0.0.1:9/x.xsl\"?><!-- c -->\n" + base + "\n<?x y?>"
        },
        .init(name: "XInclude and xml:base in the unsigned envelope (not processed)") { base in
            base.replacingOccurrences(of: statusLine, with: "<samlp:Extensions xml:base=\"http://127.0.0.1:9/\"><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\" parse=\"text\"/></samlp:Extensions>\(statusLine)")
        },
        .init(name: "a default namespace declared inside the signed assertion (not utilized, so not canonical)") { base in
            try RedTeam.replacing("<saml:Subject>", with: "<saml:Subject xmlns=\"urn:evil\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">", in: base)
        },
    ]

    struct Variant: CustomTestStringConvertible, Sendable {
        let name: String
        let build: @Sendable (String) throws -> String
        var testDescription: String { name }
    }

    @Test(arguments: harmless)
    func harmlessVariantsKeepTheSignedIdentity(_ test: Variant) throws {
        let validator = try RedTeam.validator()
        let xml = try test.build(try RedTeam.text("assertion-signed.xml"))
        let assertion = try validator.validate(Data(xml.utf8))
        #expect(assertion.nameID == "alice@example.com")
        #expect(assertion.assertionID == RedTeam.assertionID)
        #expect(assertion.attributes["email"] == ["alice@example.com"])
        #expect(assertion.signedElements == [.assertion])
    }

    /// The same attacks on a response signed only at the Response level.
    static let responseSignedWrappings: [Wrapping] = [
        .init(name: "forged assertion added beside the covered one", expected: .assertionCount) { base in
            try RedTeam.replacing("</samlp:Response>", with: "\(RedTeam.forgedAssertion(from: base))</samlp:Response>", in: base)
        },
        .init(name: "the signed Response inside an unsigned outer Response", expected: .signatureWrapping) { base in
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_outer\" Version=\"2.0\" IssueInstant=\"2026-03-01T11:59:55Z\">"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<samlp:Extensions>\(base)</samlp:Extensions></samlp:Response>"
        },
        .init(name: "the signed Response inside an outer Response with a forged assertion", expected: .assertionCount) { base in
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_outer\" Version=\"2.0\" IssueInstant=\"2026-03-01T11:59:55Z\">"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<samlp:Extensions>\(base)</samlp:Extensions>\(RedTeam.forgedAssertion(from: base))</samlp:Response>"
        },
        .init(name: "the Response's signature moved into the assertion", expected: .signatureWrapping) { base in
            let signature = try #require(RedTeam.signatureElement(of: base))
            return try RedTeam.replacing("<saml:Subject>", with: "\(signature)<saml:Subject>",
                                         in: base.replacingOccurrences(of: signature, with: ""))
        },
        .init(name: "the Destination changed", expected: .signatureDigestMismatch) { base in
            base.replacingOccurrences(of: "Destination=\"https://app.example.test/saml/acs\"", with: "Destination=\"https://app.example.test/saml/acs2\"")
        },
        .init(name: "the NameID changed", expected: .signatureDigestMismatch) { base in
            try RedTeam.replacing(">alice@example.com</saml:NameID>", with: ">admin@example.com</saml:NameID>", in: base)
        },
        .init(name: "an Extensions element added to the envelope", expected: .signatureDigestMismatch) { base in
            try RedTeam.replacing("<samlp:Status>", with: "<samlp:Extensions/><samlp:Status>", in: base)
        },
    ]

    @Test(arguments: responseSignedWrappings)
    func responseSignedWrappingIsRefused(_ test: Wrapping) throws {
        let xml = try test.build(try RedTeam.text("response-signed.xml"))
        #expect(RedTeam.code(xml, try RedTeam.validator()) == test.expected)
    }

    /// One validator shared by many tasks (as a host does): every result is the same as
    /// alone. The libxml2 error handler is swapped per call and per thread; this also shows
    /// that swap does not leak between threads.
    @Test func oneValidatorOnManyThreads() async throws {
        let validator = try RedTeam.validator()
        let files = ["assertion-signed.xml", "response-signed.xml", "both-signed.xml", "xpath-transform.xml",
                     "hmac-keyed-with-certificate-der.xml", "two-conditions.xml"]
        var inputs: [(String, Data)] = []
        for file in files { inputs.append((file, Data(try RedTeam.text(file).utf8))) }
        let alone = Dictionary(uniqueKeysWithValues: inputs.map { ($0.0, RedTeam.outcome(String(decoding: $0.1, as: UTF8.self), validator).codeOrName) })
        let together = await withTaskGroup(of: (String, String).self) { group in
            for round in 0..<8 {
                for (file, data) in inputs {
                    group.addTask {
                        _ = round
                        return (file, RedTeam.outcome(String(decoding: data, as: UTF8.self), validator).codeOrName)
                    }
                }
            }
            var collected: [(String, String)] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(together.count == 48)
        for (file, outcome) in together { #expect(alone[file] == outcome, "\(file)") }
    }

    @Test func ecdsaSignatureValueOfTheWrongLengthIsInvalid() throws {
        let validator = try ResponseValidator(options: try ResponseFixtures.options(certificates: ["ecdsa-p256.pem"]))
        let xml = try ResponseFixtures.text("ecdsa-p256.xml")
        #expect(ResponseFixtures.code(xml, validator: validator) == nil)
        // Each r || s is 64 bytes for P-256; drop a byte, add one, or send DER instead.
        var codes: [SAMLError.Code?] = []
        for change in [{ (bytes: [UInt8]) in Array(bytes.dropLast()) }, { $0 + [0] }, { [0x30, 0x44, 0x02, 0x20] + $0 }] {
            var parts = xml.components(separatedBy: "<ds:SignatureValue>")
            // The Response's signature comes first and is checked first (changing the
            // assertion's would break the Response's digest instead).
            for index in parts.indices.dropFirst().prefix(1) {
                let pieces = parts[index].components(separatedBy: "</ds:SignatureValue>")
                let value = try #require(Base64Text.decode(pieces[0]))
                parts[index] = ([Data(change(value)).base64EncodedString()] + pieces.dropFirst()).joined(separator: "</ds:SignatureValue>")
            }
            codes.append(ResponseFixtures.code(parts.joined(separator: "<ds:SignatureValue>"), validator: validator))
        }
        #expect(codes == [.signatureInvalid, .signatureInvalid, .signatureInvalid])
    }

    @Test func manyReferencesAndSignaturesFailOnStructureNotWork() throws {
        let validator = try RedTeam.validator()
        let base = try RedTeam.text("assertion-signed.xml")
        let reference = try #require(RedTeam.between("<ds:Reference ", "</ds:Reference>", in: base))
        let manyReferences = base.replacingOccurrences(of: reference, with: String(repeating: reference, count: 2000))
        #expect(RedTeam.code(manyReferences, validator) == .signatureMalformed)
        let signature = try #require(RedTeam.signatureElement(of: base))
        let manySignatures = base.replacingOccurrences(
            of: Self.statusLine, with: "<samlp:Extensions>\(String(repeating: signature, count: 200))</samlp:Extensions>\(Self.statusLine)")
        #expect(RedTeam.code(manySignatures, validator) == .signatureWrapping)
    }
}

/// `base` with the reference's exclusive c14n transform given an InclusiveNamespaces PrefixList.
func withPrefixList(_ list: String, in base: String) throws -> String {
    try RedTeam.replacing("<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
                          with: "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"><ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"\(list)\"/></ds:Transform>", in: base)
}

extension Result<ValidatedAssertion, SAMLError> {
    /// The error code, or the NameID when accepted.
    var codeOrName: String {
        switch self {
        case .success(let assertion): "accepted \(assertion.nameID)"
        case .failure(let error): error.code.rawValue
        }
    }
}

extension RedTeam {
    /// The assertion's `ds:Signature` element text.
    static func signatureElement(of response: String) -> String? {
        between("<ds:Signature ", "</ds:Signature>", in: response)
    }

    /// The first text from `start` through `end`.
    static func between(_ start: String, _ end: String, in text: String) -> String? {
        guard let open = text.range(of: start), let close = text.range(of: end, range: open.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[open.lowerBound..<close.upperBound])
    }
}
