import Foundation
import SSOCore
import SSOLifecycle
import SSOSQLite
import Testing

/// The SQLite store reads configurations with its own reader when it can (route look-ups
/// read one each time); these tests hold it to `JSONDecoder`'s results and to giving up,
/// never guessing, on anything else.
@Suite("Saved configuration reader")
struct SavedConfigurationReaderTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func read(_ text: String) -> SavedConfiguration? {
        Data(text.utf8).withUnsafeBytes { SavedConfigurationReader.read($0) }
    }

    func json(_ configuration: SavedConfiguration) throws -> String {
        String(decoding: try Self.encoder.encode(configuration), as: UTF8.self)
    }

    @Test("Its self-check passes in this build, so route look-ups take the fast path")
    func usable() {
        #expect(SavedConfigurationReader.isUsable)
    }

    @Test("It reads what JSONEncoder wrote exactly as JSONDecoder does")
    func agreesWithJSONDecoder() throws {
        var configurations = [Fixture.configuration("a", complete: true), Fixture.configuration("b", complete: false)]
        var odd = Fixture.configuration("c", complete: true)
        odd.submitted.values = ["": .text(""), Fixture.odd: .list([Fixture.odd, ""]), "m": .mapping([Fixture.odd: Fixture.odd]), "no": .boolean(false)]
        odd.savedAt = Date(timeIntervalSinceReferenceDate: -123.456_789_012_3)
        configurations.append(odd)
        for configuration in configurations {
            let text = try json(configuration)
            #expect(read(text) == configuration)
            #expect(try JSONDecoder().decode(SavedConfiguration.self, from: Data(text.utf8)) == configuration)
        }
        // Escapes JSONEncoder does not write, still valid JSON.
        let escaped = try json(configurations[1]).replacingOccurrences(of: "\"savedBy\":\"", with: "\"savedBy\":\"\\u00e9\\ud83d\\ude80\\/\\t")
        let decoded = try JSONDecoder().decode(SavedConfiguration.self, from: Data(escaped.utf8))
        #expect(read(escaped) == decoded)
        #expect(decoded.savedBy.hasPrefix("é🚀/\t"))
    }

    @Test("Anything it does not know exactly gives nil (the store then asks JSONDecoder)")
    func givesUp() throws {
        let complete = try json(Fixture.configuration("a", complete: true))
        let replacements: [(String, String)] = [
            ("\"fingerprint\":", "\"extra\":1,\"fingerprint\":"),
            ("\"entityID\":", "\"extra\":1,\"entityID\":"),
            ("\"derBase64\":", "\"extra\":1,\"derBase64\":"),
            ("\"code\":", "\"extra\":1,\"code\":"),
            ("\"fingerprint\":", "\"fingerprint\":\"x\",\"fingerprint\":"),
            ("\"savedBy\":\"", "\"savedBy\":1,\"x\":\""),
            ("\"sign_requests\":true", "\"sign_requests\":1"),
            ("\"sign_requests\":true", "\"sign_requests\":null"),
            ("\"sign_requests\":true", "\"sign_requests\":[1]"),
            ("\"sign_requests\":true", "\"sign_requests\":{\"a\":{}}"),
            ("\"severity\":\"warning\"", "\"severity\":\"fatal\""),
            ("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "post"),
            ("\"wantAuthnRequestsSigned\":true", "\"wantAuthnRequestsSigned\":\"yes\""),
            ("\"mode\":\"manual\",", ""),
        ]
        var variants: [String] = replacements.map { complete.replacingOccurrences(of: $0.0, with: $0.1) }
        variants += [String(complete.dropLast()), complete + "x", "", "null", "[]", "{}", String(repeating: "[", count: 50_000)]
        for (old, _) in replacements { #expect(complete.contains(old), "fixture has \(old)") }
        #expect(read(complete) != nil)
        for variant in variants {
            #expect(read(variant) == nil, "\(variant.prefix(120))")
        }
        // An optional field may be absent or null.
        let minimal = try json(Fixture.configuration("b", complete: false))
        #expect(!minimal.contains("nameIDFormat"))
        #expect(read(minimal.replacingOccurrences(of: "\"entityID\":", with: "\"nameIDFormat\":null,\"entityID\":"))?.identityProvider.nameIDFormat == nil)
    }
}
