import Foundation
import Testing
@testable import SAML

@Suite struct XMLTreeStructureTests {
    @Test func scanCountsAssertionsAnywhereAndFindsDuplicateIDs() throws {
        let xml = """
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r">
          <samlp:Extensions><saml:Assertion ID="a"/></samlp:Extensions>
          <saml:Assertion ID="b"><saml:Advice><saml:Assertion AssertionID="c"/></saml:Advice></saml:Assertion>
          <other:Assertion xmlns:other="urn:other" ID="d"/>
          <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>
          <saml:EncryptedAssertion/>
        </samlp:Response>
        """
        let scan = try #require(SAMLStructureScan(try XMLTree(bytes: Data(xml.utf8))))
        #expect(scan.assertionCount == 3)
        #expect(scan.encryptedAssertionCount == 1)
        #expect(scan.signatureCount == 1)
        #expect(scan.elementCount == 9)
        #expect(scan.duplicateID == nil)

        let duplicated = #"<r ID="x"><a><b Id="x"/></a></r>"#
        #expect(SAMLStructureScan(try XMLTree(bytes: Data(duplicated.utf8)))?.duplicateID == "x")
        let xmlID = #"<r ID="x"><a xml:id="x"/></r>"#
        #expect(SAMLStructureScan(try XMLTree(bytes: Data(xmlID.utf8)))?.duplicateID == "x")
    }

    /// libxml2's duplicate-attribute check and c14n's attribute sort are quadratic in the
    /// attributes of one element; the cap keeps a 1 MiB document to milliseconds of work.
    @Test func attributesPerElementAreCapped() throws {
        func element(_ count: Int) -> String {
            "<a" + (0..<count).map { " x\($0)='v'" }.joined() + "/>"
        }
        #expect(throws: Never.self) { try XMLTree(bytes: Data(element(128).utf8)) }
        do {
            _ = try XMLTree(bytes: Data(("<r>\n\n" + element(129) + "</r>").utf8))
            Issue.record("129 attributes accepted")
        } catch {
            #expect(error.code == .xmlTooManyAttributes)
            #expect(error.message.contains("line 3"))
        }
        // '=' inside quoted values, comments, CDATA and processing instructions is not counted.
        let equalsSigns = String(repeating: "=", count: 500)
        let harmless = "<a v='\(equalsSigns)' w=\"\(equalsSigns)\"><!-- \(equalsSigns) --><![CDATA[\(equalsSigns)]]><?pi \(equalsSigns)?>\(equalsSigns)</a>"
        #expect(throws: Never.self) { try XMLTree(bytes: Data(harmless.utf8)) }
    }

    @Test(arguments: [
        ("2024-04-25T20:31:55.494Z", 1_714_077_115.494),
        ("2024-04-25T20:31:55Z", 1_714_077_115.0),
        ("2024-04-25T22:31:55+02:00", 1_714_077_115.0),
        ("2024-04-25T20:31:55", 1_714_077_115.0),
        ("2000-02-29T00:00:00Z", 951_782_400.0),
        ("1970-01-01T00:00:00Z", 0.0),
    ])
    func parsesDateTimes(_ text: String, _ seconds: Double) throws {
        let date = try #require(XMLDateTime.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.0005)
    }

    @Test(arguments: ["", "2024-04-25", "2024-13-01T00:00:00Z", "2024-04-25T20:31:55.Z", "2024-04-25T20:31:55Zjunk",
                      "2024-04-25 20:31:55Z", "２０２４-04-25T20:31:55Z"])
    func refusesMalformedDateTimes(_ text: String) {
        #expect(XMLDateTime.parse(text) == nil)
    }

    @Test func base64TextIgnoresWhitespaceOnly() {
        #expect(Base64Text.decode(" aGVs\n bG8=\r\n") == Array("hello".utf8))
        #expect(Base64Text.decode("aGVs*bG8=") == nil)
    }

    @Test(arguments: [
        ("", [UInt8]()), ("Zg==", Array("f".utf8)), ("Zm8=", Array("fo".utf8)), ("Zm9v", Array("foo".utf8)),
        ("Zm9vYg==", Array("foob".utf8)), ("Z m 9\tv\r\nYmE=", Array("fooba".utf8)), ("Zm9v\nYmFy\n", Array("foobar".utf8)),
        ("Zg=\n=", Array("f".utf8)), ("+/+/", [0xFB, 0xFF, 0xBF]),
    ] as [(String, [UInt8])])
    func base64DecodesValidText(_ text: String, _ expected: [UInt8]) {
        #expect(Base64Text.decode(text) == expected)
    }

    @Test(arguments: ["Z", "Zg", "Zg=", "Zm9", "Zg===", "=Zg=", "Z===", "Zg==Zg==", "Zm=v", "Zm9v=", "Zm9v-_==",
                      "Zm9v\u{0}", "Zm9v\u{B}", "Zm9vé", "Zm9v\u{A0}"])
    func base64RefusesInvalidText(_ text: String) {
        #expect(Base64Text.decode(text) == nil)
    }

    /// Random byte strings, encoded by Foundation and broken with whitespace, decode to
    /// themselves; random mutations decode exactly when the text without whitespace keeps to
    /// RFC 4648's grammar, and then to what Foundation's decoder (an independent
    /// implementation) makes of it.
    @Test func base64AgreesWithFoundation() {
        var generator = FuzzTests.SeededGenerator(state: 0x5EED_B64)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n*".utf8)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var text = Array(Data(bytes).base64EncodedString().utf8)
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                text.insert(Array(" \t\r\n".utf8).randomElement(using: &generator)!, at: Int.random(in: 0...text.count, using: &generator))
            }
            #expect(Base64Text.decode(String(decoding: text, as: UTF8.self)) == bytes)
            if !text.isEmpty, Bool.random(using: &generator) {
                text[Int.random(in: 0..<text.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            } else {
                text.removeLast(min(text.count, Int.random(in: 0...2, using: &generator)))
            }
            let mutated = String(decoding: text, as: UTF8.self)
            // RFC 4648 without whitespace: groups of four digits, at most two '=' and only at
            // the end. Foundation's decoder is more lenient (it takes missing or misplaced
            // padding), so it gives the bytes of the texts that keep to the grammar.
            let compact = text.filter { !" \t\r\n".utf8.contains($0) }
            let digits = compact.prefix { $0 != UInt8(ascii: "=") }
            let isStrict = compact.count % 4 == 0 && compact.count - digits.count <= 2
                && compact.dropFirst(digits.count).allSatisfy { $0 == UInt8(ascii: "=") }
                && digits.allSatisfy { alphabet.prefix(64).contains($0) }
            let oracle = isStrict ? Data(base64Encoded: Data(compact)).map { [UInt8]($0) } : nil
            #expect(Base64Text.decode(mutated) == oracle, "\(mutated.debugDescription)")
        }
    }
}
