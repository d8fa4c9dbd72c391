import Foundation
import Testing
@testable import SAML

/// Mutation fuzzing of a valid both-signed response (and of IdP metadata): random byte
/// flips, truncations, and moves and copies of whole elements, from a fixed seed so that
/// every run is the same.
///
/// What may still validate after a mutation, precisely: bytes that no counted signature
/// covers and that nothing reads. The Response signature covers the Response's exclusive
/// canonical form without that signature (so the Assertion and its signature too) and its
/// own `SignedInfo`; what is left is the Response signature's `KeyInfo` (never used to
/// verify) and syntax that canonicalization normalizes (whitespace between attributes, the
/// quote character). A mutant may also lose the Response signature altogether: the
/// Assertion's own signature still covers what is read. So for every signature an accepted
/// mutant counted, its canonical signed bytes and `SignedInfo` must be exactly the
/// original's, and the identity read must be exactly the original one.
///
/// `SSO_FUZZ_ROUNDS` and `SSO_FUZZ_SEED` run longer or different campaigns (see `rounds`).
@Suite struct FuzzTests {
    /// SplitMix64: a tiny deterministic generator; the wall clock never seeds anything here.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The bytes a signature protects: the exclusive canonical form of the Response (or of its
    /// Assertion) without the signature, and its canonical `SignedInfo`; nil when the
    /// document does not parse or that element carries no signature.
    static func signedContent(_ bytes: [UInt8], of element: SignedElement) -> [UInt8]? {
        guard let tree = try? XMLTree(bytes: Data(bytes)) else { return nil }
        let signed = element == .response ? tree.root : tree.root.firstChild("Assertion", XMLNamespace.samlAssertion)
        guard let signed,
              let signature = signed.firstChild("Signature", XMLNamespace.xmlDSig),
              let signedInfo = signature.firstChild("SignedInfo", XMLNamespace.xmlDSig),
              let body = tree.canonicalize(signed, excluding: signature),
              let info = tree.canonicalize(signedInfo, excluding: nil) else { return nil }
        return body + [0] + info
    }

    /// Whether two validations read the same identity (which signatures counted may differ:
    /// a mutant that lost the Response's signature is still covered by the Assertion's).
    static func sameIdentity(_ a: ValidatedAssertion, _ b: ValidatedAssertion) -> Bool {
        a.assertionID == b.assertionID && a.issuer == b.issuer && a.nameID == b.nameID
            && a.nameIDFormat == b.nameIDFormat && a.sessionIndex == b.sessionIndex && a.attributes == b.attributes
            && a.notOnOrAfter == b.notOnOrAfter && a.inResponseTo == b.inResponseTo
    }

    /// Element names whose whole `<name …>…</name>` text can be moved or copied.
    static let movable = ["saml:Assertion", "saml:Subject", "saml:NameID", "saml:Conditions", "saml:AuthnStatement",
                          "saml:AttributeStatement", "saml:Attribute", "saml:Issuer", "saml:Audience",
                          "ds:Signature", "ds:KeyInfo", "ds:SignedInfo", "ds:Reference", "samlp:Status"]

    /// Byte ranges of every `<name …>…</name>` (first closing tag after the opening one).
    static func elementRanges(in text: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for name in movable {
            let open = Array("<\(name)".utf8)
            let close = Array("</\(name)>".utf8)
            var index = 0
            while let start = find(open, in: text, from: index) {
                index = start + 1
                let after = start + open.count
                guard after < text.count, text[after] == 0x20 || text[after] == 0x3E else { continue }
                if let end = find(close, in: text, from: after) { ranges.append(start..<(end + close.count)) }
            }
        }
        return ranges
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var index = start
                outer: while index <= hay.count - pin.count {
                    for offset in 0..<pin.count where hay[index + offset] != pin[offset] {
                        index += 1
                        continue outer
                    }
                    return index
                }
                return nil
            }
        }
    }

    enum Mutation: CaseIterable { case flip, truncate, move, copy }

    static func mutate(_ original: [UInt8], _ mutation: Mutation, _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch mutation {
        case .flip:
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= UInt8.random(in: 1...255, using: &random)
        case .truncate:
            bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
        case .move, .copy:
            let ranges = elementRanges(in: bytes)
            let range = ranges[Int.random(in: 0..<ranges.count, using: &random)]
            let element = Array(bytes[range])
            if mutation == .move { bytes.removeSubrange(range) }
            // Insert after some '>' so that the result is usually still well-formed.
            let boundaries = bytes.indices.filter { bytes[$0] == 0x3E }
            let at = boundaries[Int.random(in: 0..<boundaries.count, using: &random)] + 1
            bytes.insert(contentsOf: element, at: at)
        }
        return bytes
    }

    /// Rounds per fuzz test: the defaults keep `swift test` fast; `SSO_FUZZ_ROUNDS=20000
    /// swift test --filter FuzzTests` runs a long campaign (and `SSO_FUZZ_SEED=N` a different
    /// one) without changing the code.
    static func rounds(_ standard: Int) -> Int {
        ProcessInfo.processInfo.environment["SSO_FUZZ_ROUNDS"].flatMap { Int($0) }.map { max($0, standard) } ?? standard
    }

    /// The seed of a fuzz test, changed by `SSO_FUZZ_SEED`.
    static func seed(_ standard: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["SSO_FUZZ_SEED"].flatMap { UInt64($0) }.map { $0 ^ standard } ?? standard
    }

    @Test func mutatedResponsesNeverValidateWithChangedSignedContent() async throws {
        let original = Array(try ResponseFixtures.text("both-signed.xml").utf8)
        let validator = try ResponseFixtures.validator()
        let expected = try validator.validate(Data(original))
        var expectedSigned: [SignedElement: [UInt8]] = [:]
        for element in SignedElement.allCases {
            expectedSigned[element] = try #require(Self.signedContent(original, of: element))
        }
        var random = SeededGenerator(state: Self.seed(0x5EED_CAFE))
        var accepted = 0
        var rejectedCodes: Set<SAMLError.Code> = []
        let rounds = Self.rounds(600)
        for round in 0..<rounds {
            // Give the (two-thread) cooperative pool back now and then: other suites run
            // beside this one, some with timeouts of their own.
            if round.isMultiple(of: 10) { await Task.yield() }
            let mutation = Mutation.allCases[round % Mutation.allCases.count]
            let mutant = Self.mutate(original, mutation, &random)
            do {
                let assertion = try validator.validate(Data(mutant))
                accepted += 1
                // Every signature that counted protects exactly the bytes it protected before.
                #expect(!assertion.signedElements.isEmpty)
                for element in assertion.signedElements {
                    #expect(Self.signedContent(mutant, of: element) == expectedSigned[element],
                            "round \(round) (\(mutation)) validated with changed signed bytes (\(element))")
                }
                #expect(Self.sameIdentity(assertion, expected), "round \(round) (\(mutation)) read a different identity")
            } catch {
                rejectedCodes.insert(error.code)
                #expect(!error.message.isEmpty)
            }
        }
        // Most mutants are refused, for many different reasons; a few touch only unsigned bytes.
        print("fuzz: \(accepted) of \(rounds) mutants accepted (signed bytes unchanged); rejected with \(rejectedCodes.count) codes")
        #expect(accepted < rounds / 4)
        #expect(rejectedCodes.count >= 5, "\(rejectedCodes)")
    }

    @Test func mutatedBase64NeverCrashes() async throws {
        let original = Array(try ResponseFixtures.text("both-signed-base64.b64").utf8)
        let validator = try ResponseFixtures.validator()
        var random = SeededGenerator(state: Self.seed(42))
        for round in 0..<Self.rounds(150) {
            if round.isMultiple(of: 10) { await Task.yield() }
            let mutant = Self.mutate(original, round.isMultiple(of: 2) ? .flip : .truncate, &random)
            if let assertion = try? validator.validate(Data(mutant)) {
                // Only whitespace or padding-equivalent changes can decode to a valid document.
                #expect(assertion.nameID == "alice@example.com")
            }
        }
    }

    @Test func mutatedMetadataNeverCrashes() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/metadata/azuread-2014-federation.xml")
        let original = Array(try Data(contentsOf: url))
        let now = try #require(XMLDateTime.parse("2014-06-01T00:00:00Z"))
        var random = SeededGenerator(state: Self.seed(7))
        var parsed = 0
        let rounds = Self.rounds(150)
        for round in 0..<rounds {
            if round.isMultiple(of: 10) { await Task.yield() }
            let mutant = Self.mutate(original, round.isMultiple(of: 2) ? .flip : .truncate, &random)
            if (try? IdentityProviderMetadata.parse(Data(mutant), now: now)) != nil { parsed += 1 }
        }
        #expect(parsed < rounds)
    }
}
