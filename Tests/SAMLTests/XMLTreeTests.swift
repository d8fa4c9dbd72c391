import Foundation
import Testing
@testable import SAML

@Suite struct XMLTreeTests {
    @Test func parsesAndReadsText() throws {
        let tree = try XMLTree(bytes: Data("<a xmlns='urn:x'><b>he<!-- c -->llo</b></a>".utf8))
        #expect(tree.root.is("a", "urn:x"))
        #expect(tree.root.children.first?.textContent == "hello")
    }

    @Test func refusesDoctype() {
        let bomb = "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"
        #expect(throws: SAMLError.self) { try XMLTree(bytes: Data(bomb.utf8)) }
        do { _ = try XMLTree(bytes: Data(bomb.utf8)); Issue.record("accepted") } catch {
            #expect(error.code == .xmlDoctypeForbidden)
        }
    }

    @Test func reportsMalformedPosition() {
        do { _ = try XMLTree(bytes: Data("<a>\n<b></a>".utf8)); Issue.record("accepted") } catch {
            #expect(error.code == .xmlMalformed)
            #expect(error.message.contains("line 2"))
        }
    }

    @Test func canonicalizesWithoutExcludedElement() throws {
        let xml = "<r:a xmlns:r='urn:r' xmlns:u='urn:unused' ID='1'><r:b>x</r:b><r:s>sig</r:s></r:a>"
        let tree = try XMLTree(bytes: Data(xml.utf8))
        let sig = tree.root.children[1]
        let out = try #require(tree.canonicalize(tree.root, excluding: sig))
        #expect(String(decoding: out, as: UTF8.self) == "<r:a xmlns:r=\"urn:r\" ID=\"1\"><r:b>x</r:b></r:a>")
    }

    /// Attribute and text reads take a borrowed fast path when the value is one text node and
    /// fall back to libxml2's assembling reads otherwise; both must give the same values.
    @Test func readsAttributesOnFastAndAssembledPaths() throws {
        let xml = """
            <a xmlns='urn:x' xmlns:p='urn:p' plain='value' empty='' amp='x&amp;y&#65;' p:q='namespaced' q='unqualified'>            <e/><t>text</t><c><![CDATA[<raw>]]></c><m>one<!-- c -->two<i>three</i></m><n>a&amp;b</n></a>
            """
        let root = try XMLTree(bytes: Data(xml.utf8)).root
        #expect(root.attribute("plain") == "value")
        #expect(root.attribute("empty") == "")
        #expect(root.attribute("amp") == "x&yA")
        #expect(root.attribute("missing") == nil)
        #expect(root.attribute("q") == "unqualified")
        #expect(root.attribute("q", namespaceURI: "urn:p") == "namespaced")
        #expect(root.attribute("q", namespaceURI: "urn:other") == nil)
        #expect(root.attribute("plain", namespaceURI: "urn:p") == nil)
        let texts = root.children.map(\.textContent)
        #expect(texts == ["", "text", "<raw>", "onetwothree", "a&b"])
    }
}
