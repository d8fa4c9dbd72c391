import Foundation
import Testing
@testable import SAML

/// The hardened parser (`sso_xml_parse*` in xml.c) under attack: DTDs in every form,
/// encodings that spell markup with other bytes, nesting, attribute floods, and the
/// canonicalizer's failures. Every refusal is by construction (a bound checked before or
/// during the parse), so no test here measures time.
@Suite struct RedTeamXMLTests {
    static let root = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r\" Version=\"2.0\"/>"

    struct Hostile: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let expected: SAMLError.Code
        var testDescription: String { name }
        init(_ name: String, _ text: String, _ expected: SAMLError.Code) {
            self.name = name
            bytes = Array(text.utf8)
            self.expected = expected
        }
        init(_ name: String, bytes: [UInt8], _ expected: SAMLError.Code) {
            self.name = name
            self.bytes = bytes
            self.expected = expected
        }
    }

    static func utf16LE(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    static let laughs = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"

    static let hostile: [Hostile] = [
        .init("internal subset entity bomb", laughs + root, .xmlDoctypeForbidden),
        .init("parameter entity fetching an external DTD", "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]>" + root, .xmlDoctypeForbidden),
        .init("external subset", "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">" + root, .xmlDoctypeForbidden),
        .init("public external subset", "<!DOCTYPE r PUBLIC \"-//X//Y\" \"http://127.0.0.1:9/y.dtd\">" + root, .xmlDoctypeForbidden),
        .init("DOCTYPE after a declaration, a comment and a PI", "<?xml version=\"1.0\"?><!-- c --><?p x?><!DOCTYPE r>" + root, .xmlDoctypeForbidden),
        .init("DOCTYPE in base64", Data((laughs + root).utf8).base64EncodedString(), .xmlDoctypeForbidden),
        .init("undeclared entity", "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&xxe;</samlp:Response>", .xmlMalformed),
        .init("character reference to NUL", "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&#0;</samlp:Response>", .xmlMalformed),
        .init("raw NUL byte", "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">a\u{0}b</samlp:Response>", .xmlMalformed),
        .init("UTF-7 declaration", "<?xml version=\"1.0\" encoding=\"UTF-7\"?>+ADw-samlp:Response/+AD4-", .xmlMalformed),
        .init("EBCDIC declaration", "<?xml version=\"1.0\" encoding=\"IBM037\"?>" + root, .xmlMalformed),
        .init("UTF-16 declaration on UTF-8 bytes", "<?xml version='1.0' encoding = 'UTF-16' ?>" + root, .xmlMalformed),
        .init("UTF-32 declaration", "<?xml version=\"1.0\" encoding=\"UCS-4\"?>" + root, .xmlMalformed),
        // UTF-16 is transcoded to UTF-8 before the bounds (metadata exported on Windows is UTF-16).
        .init("UTF-16 without a byte order mark (parsed; then no Status)", bytes: utf16LE(root), .responseStatus),
        .init("UTF-16 declaring itself UTF-8", bytes: utf16LE("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + root), .xmlMalformed),
        .init("UTF-16 with a lone surrogate", bytes: utf16LE("<a>") + [0x00, 0xD8] + utf16LE("</a>"), .xmlMalformed),
        .init("200 attributes in UTF-16", bytes: utf16LE("<a " + (0..<200).map { "a\($0)=\"\"" }.joined(separator: " ") + "/>"), .xmlTooManyAttributes),
        .init("UTF-16 with a byte order mark (a SAMLResponse is base64 or UTF-8 XML)", bytes: [0xFF, 0xFE] + utf16LE(root), .xmlNotBase64),
        .init("EBCDIC bytes without a declaration", bytes: [0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40], .xmlNotBase64),
        .init("nesting past libxml2's own limit of 256", String(repeating: "<a>", count: 100_000), .xmlTooDeep),
        .init("nesting of 65", String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65), .xmlTooDeep),
        .init("200 attributes on one element", "<a " + (0..<200).map { "a\($0)=\"\"" }.joined(separator: " ") + "/>", .xmlTooManyAttributes),
        .init("200 namespace declarations on one element", "<a " + (0..<200).map { "xmlns:p\($0)=\"urn:\($0)\"" }.joined(separator: " ") + "/>", .xmlTooManyAttributes),
        // In UTF-7 '=' can be written "+AD0-", which would hide attributes from the byte-level
        // count made before parsing; the declaration is refused first.
        .init("UTF-7 spelling of 5,000 attributes", "<?xml version=\"1.0\" encoding=\"UTF-7\"?><a " + (0..<5000).map { "a\($0)+AD0-\"\"" }.joined(separator: " ") + "/>", .xmlMalformed),
    ]

    @Test(arguments: hostile)
    func refusedBeforeAnyEntityOrEncodingWork(_ test: Hostile) throws {
        let validator = try RedTeam.validator()
        do {
            _ = try validator.validate(Data(test.bytes))
            Issue.record("accepted")
        } catch {
            #expect(error.code == test.expected, "\(error)")
            #expect(error.message.hasSuffix("."))
        }
    }

    /// Canonicalization cost grows with elements × InclusiveNamespaces prefixes × namespace
    /// declarations in scope; each factor is bounded before any canonicalization runs.
    @Test func canonicalizationCostIsBoundedByConstruction() throws {
        let validator = try RedTeam.validator()
        let base = try RedTeam.text("assertion-signed.xml")
        let elements = try RedTeam.replacing("<samlp:Status>", with: "<samlp:Extensions>\(String(repeating: "<x/>", count: 20_001))</samlp:Extensions><samlp:Status>", in: base)
        let tooMany = RedTeam.outcome(elements, validator)
        guard case .failure(let error) = tooMany else { Issue.record("accepted"); return }
        #expect(error.code == .xmlTooLarge)
        #expect(error.message.contains("elements"))
        let nested = (0..<33).map { "<a xmlns:p\($0)=\"urn:p\($0)\" xmlns:q\($0)=\"urn:q\($0)\">" }.joined()
        let namespaces = try RedTeam.replacing("<samlp:Status>", with: "<samlp:Extensions>\(nested)\(String(repeating: "</a>", count: 33))</samlp:Extensions><samlp:Status>", in: base)
        #expect(RedTeam.code(namespaces, validator) == .xmlTooManyAttributes)
        // Just under both bounds, with the most prefixes accepted: refused on its digest.
        let deep = (0..<50).map { $0 == 0 ? "<x:a xmlns:x=\"urn:x\">" : "<x:a xmlns:x\($0)=\"urn:\($0)\">" }.joined()
        let heavy = try RedTeam.replacing("<saml:Subject>", with: "<saml:Advice>\(deep)\(String(repeating: "<x:b/>", count: 19_800))\(String(repeating: "</x:a>", count: 50))</saml:Advice><saml:Subject>",
                                          in: try withPrefixList((1...8).map { "p\($0)" }.joined(separator: " "), in: base))
        #expect(RedTeam.code(heavy, validator) == .signatureDigestMismatch)
    }

    @Test func encodingRefusalNamesTheEncoding() throws {
        do {
            _ = try XMLTree(bytes: Data("<?xml version=\"1.0\" encoding=\"UTF-7\"?><a/>".utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .xmlMalformed)
            #expect(error.message.contains("'UTF-7'"))
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test func theSignedResponseStillVerifiesWithABOMOrAnASCIICompatibleDeclaration() throws {
        let validator = try RedTeam.validator()
        let base = try RedTeam.text("both-signed.xml")
        for prolog in ["\u{FEFF}", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", "\u{FEFF}<?xml version='1.0' encoding='US-ASCII'?>",
                       "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"?>"] {
            #expect(RedTeam.code(prolog + base, validator) == nil, "\(prolog.debugDescription)")
        }
    }

    @Test func utf16DocumentsAreReadWithOrWithoutAByteOrderMark() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a b=\"\u{E9}\">\u{1F600}</a>"
        let big = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [[0xFF, 0xFE] + Self.utf16LE(text), [0xFE, 0xFF] + big, Self.utf16LE(text), big] {
            let tree = try XMLTree(bytes: Data(bytes))
            #expect(tree.root.textContent == "\u{1F600}")
            #expect(tree.root.attribute("b") == "\u{E9}")
        }
    }

    @Test func anISO88591DocumentIsDecodedAsLatin1() throws {
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8)
        let tree = try XMLTree(bytes: Data(bytes))
        #expect(tree.root.textContent == "caf\u{E9}")
    }

    @Test func aRelativeNamespaceInsideTheSignedAssertionFailsCanonicalizationQuietly() throws {
        // libxml2's c14n refuses relative namespace URIs and used to print "C14N error" to the
        // host's stderr; the shim now silences libxml2 for the call.
        let base = try RedTeam.text("assertion-signed.xml")
        let xml = try RedTeam.replacing("<saml:Subject>", with: "<saml:Subject xmlns:rel=\"relative/ns\"><rel:x/>", in: base)
        #expect(RedTeam.code(xml, try RedTeam.validator()) == .signatureMalformed)
        let tree = try XMLTree(bytes: Data("<a xmlns:r=\"relative\"><r:b/></a>".utf8))
        #expect(tree.canonicalize(tree.root, excluding: nil) == nil)
    }

    /// Every URL a document can name — an external DTD, a parameter entity, an XInclude, a
    /// stylesheet PI, xml:base, a KeyInfo RetrievalMethod — points at a loopback server this
    /// test runs; the server must see no request at all.
    @Test func nothingInADocumentMakesANetworkRequest() throws {
        let server = try LoopbackHTTPServer(routes: [:])
        defer { server.stop() }
        let url = server.url("/fetched").absoluteString
        let validator = try RedTeam.validator()
        let base = try RedTeam.text("assertion-signed.xml")
        let documents = [
            "<!DOCTYPE r SYSTEM \"\(url)\">" + base,
            "<!DOCTYPE r [<!ENTITY % p SYSTEM \"\(url)\"> %p;]>" + base,
            "<?xml-stylesheet type=\"text/xsl\" href=\"\(url)\"?>" + base,
            try RedTeam.replacing("<samlp:Status>", with: "<samlp:Extensions xml:base=\"\(url)\"><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"\(url)\"/></samlp:Extensions><samlp:Status>", in: base),
            try RedTeam.replacing("<ds:KeyInfo>", with: "<ds:KeyInfo><ds:RetrievalMethod URI=\"\(url)\"/>", in: base),
            try RedTeam.replacing("<ds:KeyInfo>", with: "<ds:KeyInfo><ds:RetrievalMethod URI=\"\(url)\"/>", in: base)
                .replacingOccurrences(of: ">alice@example.com</saml:NameID>", with: ">mallory@example.com</saml:NameID>"),
        ]
        for document in documents { _ = RedTeam.code(document, validator) }
        #expect(server.requestedPaths.isEmpty)
    }

    @Test func xincludeIsNotExpanded() throws {
        let tree = try XMLTree(bytes: Data("<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"/etc/hostname\" parse=\"text\"/></a>".utf8))
        #expect(tree.root.textContent.isEmpty)
        #expect(tree.root.children.first?.localName == "include")
    }

    @Test func predefinedEntitiesAndCharacterReferencesAreTheOnlyOnesResolved() throws {
        let tree = try XMLTree(bytes: Data("<a>&lt;&amp;&gt;&quot;&apos;&#x41;&#66;</a>".utf8))
        #expect(tree.root.textContent == "<&>\"'AB")
    }
}
