import Foundation
import SAML
@testable import SSOCore
import Testing

@Suite struct TroubleshootingGuideTests {
    static let settings = ServiceProviderSettings(acsURL: "https://app.test/acs/1", entityID: "https://app.test/sp/1",
                                                  organizationName: "Acme", applicationName: "Example App")

    static func guide(_ body: String, intro: String = "") throws(SetupGuideError) -> TroubleshootingGuide {
        try TroubleshootingGuide.parse(markdown: "# T\n\n\(intro)\n\n" + body, providerID: "p")
    }

    @Test func parsesSectionsSharedLinesAndCodes() throws {
        let guide = try Self.guide("""
            ## Audience
            <!-- codes: conditions.audience-mismatch -->

            Sent {{observed_audience}}.

            ## Times
            <!-- codes: conditions.expired, conditions.not-yet-valid -->

            Checked at {{now}}.
            """, intro: "Intro for {{application_name}}.\n<!-- shared: xml.malformed, xml.empty -->")
        #expect(guide.title == "T")
        #expect(guide.introduction == "Intro for {{application_name}}.")
        #expect(guide.sharedCodes == ["xml.malformed", "xml.empty"])
        #expect(guide.sections.map(\.codes) == [["conditions.audience-mismatch"], ["conditions.expired", "conditions.not-yet-valid"]])
        #expect(guide.section(for: "conditions.not-yet-valid")?.title == "Times")
        #expect(guide.section(for: "xml.malformed") == nil, "parse alone does not add the shared sections")
        #expect(guide.sections[0].placeholderNames == ["observed_audience"])
    }

    @Test func loadAddsTheSharedSectionsItLists() throws {
        let markdown = "# T\n\n<!-- shared: xml.malformed, xml.empty, assertion.replayed -->\n\n## A\n<!-- codes: conditions.audience-mismatch -->\n\nx\n"
        let guide = try TroubleshootingGuide.load(bytes: Array(markdown.utf8), providerID: "p")
        let xml = try #require(guide.section(for: "xml.empty"))
        #expect(xml.isShared)
        #expect(xml.codes == ["xml.malformed", "xml.empty"], "a shared section answers only the codes the guide lists")
        #expect(guide.section(for: "xml.too-large") == nil)
        #expect(guide.section(for: "assertion.replayed")?.isShared == true)
        #expect(guide.section(for: "conditions.audience-mismatch")?.isShared == false)
    }

    @Test func theSharedSectionsLoadAndAnswerOnlyKnownCodes() throws {
        let shared = try TroubleshootingGuide.shared()
        #expect(shared.sections.allSatisfy { $0.isShared })
        #expect(shared.coveredCodes.allSatisfy(SignInFailureCodes.contains))
        #expect(shared.coveredCodes.contains("signature.wrapping"))
        #expect(!shared.coveredCodes.contains("conditions.audience-mismatch"), "console-specific codes are never shared")
    }

    static let malformed: [(String, String, String)] = [
        ("## A\n<!-- codes: no.such-code -->\nx", "guide.malformed", "not a sign-in failure code"),
        ("## A\n<!-- codes: xml.empty, xml.empty -->\nx", "guide.malformed", "twice"),
        ("## A\n<!-- codes: xml.empty -->\nx\n## B\n<!-- codes: xml.empty -->\ny", "guide.malformed", "already answered"),
        ("## A\n<!-- codes: -->\nx", "guide.malformed", "not a sign-in failure code"),
        ("## A\nno marker\n", "guide.malformed", "must be <!-- codes: a.code, b.code -->"),
        ("## A\n<!-- codes: xml.empty -->\nUse {{acs_uri}}.", "guide.unknown-placeholder", "{{acs_uri}}"),
        ("## A {{now}}\n<!-- codes: xml.empty -->\nx", "guide.malformed", "titles are fixed text"),
        ("## A\n<!-- codes: xml.empty -->\n<!-- when: now present -->\nx", "guide.malformed", "never closed"),
        ("## A\n<!-- codes: xml.empty -->\n<!-- when: now present -->\n<!-- when: now present -->\n<!-- end -->", "guide.malformed", "do not nest"),
        ("## A\n<!-- codes: xml.empty -->\n<!-- end -->\nx", "guide.malformed", "closes nothing"),
        ("## A\n<!-- codes: xml.empty -->\nx\n<!-- otherwise -->", "guide.malformed", "must follow"),
        ("## A\n<!-- codes: xml.empty -->\n<!-- when: colour is red -->\nx\n<!-- end -->", "guide.malformed", "not a placeholder name"),
        ("## A\n<!-- codes: xml.empty -->\n<!-- when: now equals x -->\nx\n<!-- end -->", "guide.malformed", "unknown operator"),
        ("## A\n<!-- codes: xml.empty -->\n<!-- when: now is -->\nx\n<!-- end -->", "guide.malformed", "needs a value"),
        ("## A\n<!-- codes: xml.empty -->\n<!-- step: create-app -->\nx", "guide.malformed", "unknown marker"),
        ("## A\n<!-- codes: xml.empty -->\nx\n<!-- codes: xml.empty -->", "guide.malformed", "must directly follow"),
        ("## A\n<!-- codes: xml.empty -->\n", "guide.malformed", "has no body"),
    ]

    @Test(arguments: malformed)
    func malformedGuidesAreRefusedWithAReason(body: String, code: String, reason: String) {
        do {
            _ = try Self.guide(body)
            Issue.record("parsed a malformed guide")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func loadParsesEachResourceOnceAndChangedBytesAgain() throws {
        let cache = ParsedResourceCache<String>(capacity: 3)
        var parses = 0
        func load(_ key: String, _ text: String) throws(SetupGuideError) -> String {
            try cache.value(for: key, bytes: Array(text.utf8)) { () throws(SetupGuideError) in
                parses += 1
                if text.isEmpty { throw .resourceMissing(provider: key, resource: "r") }
                return text.uppercased()
            }
        }
        #expect(try load("okta", "a") == "A")
        #expect(try load("okta", "a") == "A")
        #expect(parses == 1)
        // Changed bytes under the same key are parsed again, never answered from the old parse.
        #expect(try load("okta", "b") == "B")
        #expect(parses == 2)
        // Failures are remembered like results.
        #expect(throws: SetupGuideError.resourceMissing(provider: "entra", resource: "r")) { try load("entra", "") }
        #expect(throws: SetupGuideError.resourceMissing(provider: "entra", resource: "r")) { try load("entra", "") }
        #expect(parses == 3)
        // Past the capacity the table starts over: still right, parsed again.
        #expect(try load("google", "c") == "C")
        #expect(try load("generic", "d") == "D")
        #expect(try load("okta", "b") == "B")
        #expect(parses == 6)

        // The real loader returns the same guide for the same bytes, and the new one for new.
        let first = "# T\n\n## A\n<!-- codes: conditions.audience-mismatch -->\n\nfirst\n"
        let second = "# T\n\n## A\n<!-- codes: conditions.audience-mismatch -->\n\nsecond\n"
        let id = "cache-\(UInt64.random(in: 0...UInt64.max))"
        #expect(try TroubleshootingGuide.load(bytes: Array(first.utf8), providerID: id).sections.first?.markdown.contains("first") == true)
        #expect(try TroubleshootingGuide.load(bytes: Array(second.utf8), providerID: id).sections.first?.markdown.contains("second") == true)
        #expect(try TroubleshootingGuide.load(bytes: Array(first.utf8), providerID: id)
                == TroubleshootingGuide.load(bytes: Array(first.utf8), providerID: id))
    }

    @Test func emptyOrBrokenResourcesAreThrownNeverCrash() {
        #expect(throws: SetupGuideError.resourceMissing(provider: "p", resource: "troubleshooting.md")) {
            try TroubleshootingGuide.load(bytes: [], providerID: "p")
        }
        #expect(throws: SetupGuideError.resourceMissing(provider: "p", resource: "troubleshooting.md")) {
            try TroubleshootingGuide.load(bytes: Array(" \n".utf8), providerID: "p")
        }
        #expect(throws: SetupGuideError.malformed(provider: "p", reason: "troubleshooting.md is not valid UTF-8 text")) {
            try TroubleshootingGuide.load(bytes: [0xFF, 0xFE, 0x00], providerID: "p")
        }
        #expect(throws: SetupGuideError.self) {
            try TroubleshootingGuide.load(bytes: Array("# T\n<!-- shared: signature.missing -->\n".utf8), providerID: "p")
        }
    }

    @Test func fillingUsesValuesThenSettingsThenFallbackWords() throws {
        let section = try #require(try Self.guide("""
            ## A
            <!-- codes: conditions.audience-mismatch -->

            Sent {{observed_audience}} as the audience; {{application_name}} expects {{expected_audience}}.
            """).sections.first)
        let withValues = section.filled(with: ["observed_audience": "https://other/"], settings: Self.settings)
        #expect(withValues.markdown == "Sent `https://other/` as the audience; Example App expects `https://app.test/sp/1`.")
        #expect(withValues.plainText == "Sent https://other/ as the audience; Example App expects https://app.test/sp/1.")
        #expect(withValues.html == "<p>Sent <code>https://other/</code> as the audience; Example App expects <code>https://app.test/sp/1</code>.</p>\n")
        #expect(withValues.codes == ["conditions.audience-mismatch"] && withValues.title == "A")
        let bare = section.filled(with: [:], settings: ServiceProviderSettings(acsURL: "", entityID: ""))
        #expect(bare.markdown == "Sent another value as the audience; this application expects the SP entity ID shown by your application.")
    }

    @Test func branchesFollowTheValues() throws {
        let section = try #require(try Self.guide("""
            ## A
            <!-- codes: conditions.audience-mismatch -->

            Start.
            <!-- when: observed_audience starts-with spn: -->
            Default identifier.
            <!-- otherwise -->
            Another identifier.
            <!-- end -->
            <!-- when: rotation_suspected is true -->
            Rotated.
            <!-- end -->
            <!-- when: observed_name_id contains #EXT# -->
            Guest.
            <!-- end -->
            <!-- when: status_message present -->
            Message: {{status_message}}
            <!-- end -->
            End.
            """).sections.first)
        func text(_ values: [String: String]) -> String { section.filled(with: values, settings: Self.settings).plainText }
        #expect(text(["observed_audience": "spn:123"]) == "Start.\nDefault identifier.\nEnd.")
        #expect(text(["observed_audience": "https://x"]) == "Start.\nAnother identifier.\nEnd.")
        #expect(text([:]) == "Start.\nAnother identifier.\nEnd.")
        #expect(text(["rotation_suspected": "true", "observed_name_id": "a_b.com#EXT#@t.onmicrosoft.com", "status_message": "no"])
                == "Start.\nAnother identifier.\nRotated.\nGuest.\nMessage: no\nEnd.")
        #expect(text(["rotation_suspected": "false", "status_message": "  "]) == "Start.\nAnother identifier.\nEnd.")
    }

    @Test func markersInsideFencedCodeAreText() throws {
        let section = try #require(try Self.guide("""
            ## A
            <!-- codes: xml.empty -->

            ```text
            <!-- when: now present -->
            ```
            """).sections.first)
        #expect(section.filled(with: [:], settings: Self.settings).markdown.contains("<!-- when: now present -->"))
    }

    @Test func longAndHostileValuesStayCode() throws {
        let section = try #require(try Self.guide("## A\n<!-- codes: xml.empty -->\n\nGot {{observed_audience}}.").sections.first)
        let filled = section.filled(with: ["observed_audience": String(repeating: "a", count: 1000) + "`**x**`\n[l](https://e)"],
                                    settings: Self.settings)
        #expect(filled.markdown.count < 500)
        #expect(filled.markdown.hasSuffix("…`.") || filled.markdown.hasSuffix("… `."))
        let hostile = section.filled(with: ["observed_audience": "[l](https://e) <b>x</b> `y`"], settings: Self.settings)
        #expect(!hostile.html.contains("<a ") && !hostile.html.contains("<b>"))
        #expect(hostile.plainText == "Got [l](https://e) <b>x</b> `y`.")
    }

    @Test func everyPlaceholderHasFallbackWordsAndAName() {
        #expect(TroubleshootingPlaceholder.allCases.count == GuidePlaceholder.allCases.count + SAMLError.DetailKey.allCases.count
                + SignInDetailKey.allCases.count)
        for placeholder in TroubleshootingPlaceholder.allCases {
            #expect(!placeholder.fallback.isEmpty && !placeholder.fallback.contains("{{"))
            #expect(TroubleshootingPlaceholder(name: placeholder.name) == placeholder)
        }
        #expect(Set(TroubleshootingPlaceholder.allCases.map(\.name)).count == TroubleshootingPlaceholder.allCases.count)
        #expect(TroubleshootingPlaceholder(name: "acs_uri") == nil)
    }

    @Test func failureCodesAreKnownDottedAndUnique() {
        let all = SignInFailureCodes.all
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy { $0.range(of: "^[a-z0-9-]+(\\.[a-z0-9-]+)+$", options: .regularExpression) != nil })
        for code in SignInFailureCodes.lifecycle { #expect(SignInFailureCodes.contains(code)) }
        #expect(SignInFailureCodes.contains("conditions.audience-mismatch"))
        #expect(!SignInFailureCodes.contains("metadata.expired"))
        #expect(!SignInFailureCodes.contains("options.invalid-clock-skew"))
        // Every SAML code a response validation throws is listed (the others are configuration-time).
        let configurationTime: Set<SAMLError.Code> = [.certificateNone, .certificateTooMany, .optionsInvalidClockSkew,
                                                      .metadataNotMetadata, .metadataNoIdPDescriptor, .metadataNoSSOEndpoint,
                                                      .metadataNoSigningCertificate, .metadataExpired, .metadataEntityNotFound,
                                                      .metadataAmbiguousEntity, .fetchInvalidURL, .fetchInsecureScheme,
                                                      .fetchForbiddenAddress, .fetchTooManyRedirects, .fetchTooLarge, .fetchTimeout,
                                                      .fetchHTTPStatus, .fetchFailed, .fetchDNSFailed, .requestInvalid]
        for code in SAMLError.Code.allCases where !configurationTime.contains(code) {
            #expect(SignInFailureCodes.contains(code.rawValue), "\(code.rawValue)")
        }
    }
}

@Suite struct MarkdownPlainTextTests {
    @Test func rendersTheGuideSubsetAsText() throws {
        let markdown = """
            Intro with **bold**, *em*, `code` and [a link](https://example.com) & <tag>.

            1. First
               - nested `item`
            2. Second

            > **Note:** careful.

            | A | B |
            | --- | --- |
            | `x` | y |
            """
        let section = FilledTroubleshootingSection(codes: [], title: "T", markdown: markdown)
        #expect(section.plainText == """
            Intro with bold, em, code and a link (https://example.com) & <tag>.

            1. First
               - nested item
            2. Second

            Note: careful.

            A | B
            x | y
            """)
    }
}
