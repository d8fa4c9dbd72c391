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
}
