import SSOCore
import Testing

@Suite struct SetupGuideTests {
    func sample() throws -> SetupGuide {
        try SetupGuide.parse(markdown: try Fixture.text("Guides/sample.md"), providerID: "sample")
    }

    @Test func parsesTitleIntroductionAndSteps() throws {
        let guide = try sample()
        #expect(guide.title == "Set up single sign-on with Sample IdP")
        #expect(guide.introduction.hasPrefix("This guide connects {{application_name}}"))
        #expect(guide.introduction.hasSuffix("*Super Admin* role."))
        #expect(guide.steps.map(\.kind) == [.createApp, .serviceProviderValues, .attributeMapping, .assignUsers,
                                            .identityProviderValues, .testSignIn])
        #expect(guide.steps.map(\.title) == ["Create the app", "Enter our values", "Map attributes", "Assign people",
                                             "Copy the IdP values", "Test"])
        #expect(guide.step(.identityProviderValues)?.fields == ["metadata_url", "sso_url", "idp_entity_id", "signing_certificates"])
        #expect(guide.step(.createApp)?.fields == [])
        #expect(guide.step(.createApp)?.body.contains("### A sub-heading inside the step") == true)
        #expect(guide.step(.serviceProviderValues)?.body.contains("## Not a step") == true)
        #expect(guide.steps(explaining: "sso_url").map(\.kind) == [.identityProviderValues])
    }

    @Test func markdownRoundTrips() throws {
        let guide = try sample()
        #expect(try SetupGuide.parse(markdown: guide.markdown, providerID: "sample") == guide)
    }

    @Test func crlfLineEndingsParseTheSame() throws {
        let text = try Fixture.text("Guides/sample.md")
        let crlf = try SetupGuide.parse(markdown: text.replacingOccurrences(of: "\n", with: "\r\n"), providerID: "sample")
        #expect(crlf == (try sample()))
    }

    @Test func checkAcceptsTheSampleAgainstItsSchema() throws {
        try sample().check(against: SampleSchema.schema, providerID: "sample")
    }

    @Test func checkRejectsAFieldTheSchemaLacks() throws {
        var guide = try sample()
        guide.steps[4].fields.append("tenant_id")
        #expect(throws: SetupGuideError.unknownField(provider: "sample", step: "Copy the IdP values", field: "tenant_id")) {
            try guide.check(against: SampleSchema.schema, providerID: "sample")
        }
    }

    @Test(arguments: ["title", "introduction"])
    func checkFindsUnknownPlaceholdersEverywhere(part: String) throws {
        var guide = try sample()
        if part == "title" { guide.title += " {{acs_ur1}}" } else { guide.introduction += " {{acs_ur1}}" }
        #expect(throws: SetupGuideError.unknownPlaceholder(provider: "sample", placeholder: "acs_ur1")) {
            try guide.check(against: SampleSchema.schema, providerID: "sample")
        }
    }

    @Test func checkFindsUnknownPlaceholdersInStepTitles() throws {
        var guide = try sample()
        guide.steps[2].title += " for {{tenant}}"
        #expect(throws: SetupGuideError.unknownPlaceholder(provider: "sample", placeholder: "tenant")) {
            try guide.check(against: SampleSchema.schema, providerID: "sample")
        }
    }

    @Test func fillingReplacesEveryPlaceholder() throws {
        let settings = ServiceProviderSettings(acsURL: "https://app.test/acs/1", entityID: "https://app.test/sp/1",
                                               metadataURL: "https://app.test/metadata/1", organizationName: "Acme",
                                               applicationName: "Test App")
        let filled = try sample().filled(with: settings, providerID: "sample")
        #expect(!filled.markdown.contains("{{"))
        #expect(filled.introduction.hasPrefix("This guide connects Test App to Sample IdP for Acme."))
        let body = try #require(filled.step(.serviceProviderValues)?.body)
        #expect(body.contains("| Single sign-on URL | `https://app.test/acs/1` |"))
        #expect(body.contains("| Audience URI (SP Entity ID) | `https://app.test/sp/1` |"))
        #expect(body.contains("https://app.test/metadata/1"))
    }

    @Test func missingOptionalSettingsUseFallbacks() throws {
        let settings = ServiceProviderSettings(acsURL: "https://app.test/acs/1", entityID: "https://app.test/sp/1",
                                               organizationName: "  ")
        let filled = try sample().filled(with: settings, providerID: "sample")
        #expect(!filled.markdown.contains("{{"))
        #expect(filled.introduction.hasPrefix("This guide connects this application to Sample IdP for your organization."))
        #expect(filled.step(.serviceProviderValues)?.body.contains(GuidePlaceholder.spMetadataURL.fallback) == true)
        for placeholder in GuidePlaceholder.allCases {
            #expect(!placeholder.fallback.contains("{{"))
        }
    }

    @Test func fillingRejectsAnUnknownPlaceholder() throws {
        var guide = try sample()
        guide.steps[0].body += "\n\n{{nope}}"
        #expect(throws: SetupGuideError.unknownPlaceholder(provider: "sample", placeholder: "nope")) {
            try guide.filled(with: .example, providerID: "sample")
        }
    }

    @Test func placeholderNamesInOrder() throws {
        #expect(try sample().placeholderNames(providerID: "sample") ==
                ["application_name", "organization_name", "acs_url", "sp_entity_id", "sp_metadata_url"])
    }

    static let minimalSteps = """
        ## A
        <!-- step: create-app -->
        a
        ## B
        <!-- step: service-provider-values -->
        b
        ## C
        <!-- step: attribute-mapping -->
        c
        ## D
        <!-- step: assign-users -->
        d
        ## E
        <!-- step: identity-provider-values; fields: metadata_url -->
        e
        """

    @Test func minimalGuideWithoutIntroductionParses() throws {
        let guide = try SetupGuide.parse(markdown: "# T\n" + Self.minimalSteps, providerID: "p")
        #expect(guide.introduction == "")
        #expect(guide.steps.count == 5)
        #expect(guide.steps.last?.body == "e")
    }

    @Test(arguments: [
        ("", "guide.resource-missing", "is missing"),
        ("  \n\n", "guide.resource-missing", "is missing"),
        ("Intro first\n# T\n" + minimalSteps, "guide.malformed", "must start with a \"# \" title"),
        ("# T\n# Again\n" + minimalSteps, "guide.malformed", "only the title"),
        ("# T\n## A\nno marker\n", "guide.malformed", "must be <!-- step: KIND -->"),
        ("# T\n## A\n", "guide.malformed", "has no step marker"),
        ("# T\n## A\n<!-- step: make-coffee -->\nx\n", "guide.malformed", "unknown step kind \"make-coffee\""),
        ("# T\n## A\n<!-- step: create-app; colour: red -->\nx\n", "guide.malformed", "only \"; fields: a, b\""),
        ("# T\n## A\n<!-- step: create-app; fields: a,,b -->\nx\n", "guide.malformed", "is not a field key"),
        ("# T\n## A\n<!-- step: create-app; fields: Metadata URL -->\nx\n", "guide.malformed", "is not a field key"),
        ("# T\n## A\n<!-- step: create-app; fields: a, a -->\nx\n", "guide.malformed", "listed twice"),
        ("# T\n" + minimalSteps + "\n## F\n<!-- step: create-app -->\nf", "guide.malformed", "appears twice"),
        ("# T\n" + minimalSteps.replacingOccurrences(of: "assign-users", with: "test-sign-in"), "guide.malformed", "no step of kind assign-users"),
        ("# T\n" + minimalSteps + "\n## F\n<!-- step: test-sign-in -->\n", "guide.malformed", "has no body"),
        ("# T\n" + minimalSteps + "\n<!-- step: test-sign-in -->", "guide.malformed", "must directly follow"),
        ("# T\n" + minimalSteps + "\n```\nunclosed fence", "guide.malformed", "never closed"),
        ("# T\n" + minimalSteps + "\nUse {{acs_url here", "guide.malformed", "never closed"),
        ("# T\n" + minimalSteps + "\nUse {{acs_url\n}} here", "guide.malformed", "not closed on the same line"),
        ("#\n" + minimalSteps, "guide.malformed", "must start with"),
    ])
    func malformedGuidesAreRejectedWithAReason(markdown: String, code: String, reason: String) {
        do {
            _ = try SetupGuide.parse(markdown: markdown, providerID: "p")
            Issue.record("parsed a malformed guide")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func errorsHaveStableCodesAndSentences() {
        let errors: [SetupGuideError] = [
            .resourceMissing(provider: "okta", resource: "guide.md"),
            .malformed(provider: "okta", reason: "x"),
            .unknownPlaceholder(provider: "okta", placeholder: "x"),
            .unknownField(provider: "okta", step: "s", field: "f"),
        ]
        #expect(errors.map(\.code) == ["guide.resource-missing", "guide.malformed", "guide.unknown-placeholder", "guide.unknown-field"])
        #expect(errors.allSatisfy { $0.description.contains("okta") && $0.description.hasSuffix(".") })
    }
}

@Suite struct SetupGuideLoadingTests {
    @Test func loadsEmbeddedBytes() throws {
        let bytes = Array(try Fixture.text("Guides/sample.md").utf8)
        let guide = try SetupGuide.load(bytes: bytes, providerID: "sample")
        #expect(guide.steps.count == 6)
    }

    @Test func emptyBytesAreAMissingResource() {
        #expect(throws: SetupGuideError.resourceMissing(provider: "okta", resource: "guide.md")) {
            try SetupGuide.load(bytes: [], providerID: "okta")
        }
        #expect(throws: SetupGuideError.resourceMissing(provider: "okta", resource: "okta.md")) {
            try SetupGuide.load(bytes: Array("\n \n".utf8), providerID: "okta", resource: "okta.md")
        }
    }

    @Test func invalidUTF8IsMalformed() {
        #expect(throws: SetupGuideError.malformed(provider: "okta", reason: "guide.md is not valid UTF-8 text")) {
            try SetupGuide.load(bytes: [0x23, 0x20, 0xFF, 0xFE], providerID: "okta")
        }
    }
}
