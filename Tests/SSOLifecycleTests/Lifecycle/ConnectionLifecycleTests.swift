import Foundation
import Testing
import SelfServeSSO

/// Saving configurations, the service-provider values, provider changes, reset and the
/// activation rules that need no sign-in.
@Suite struct ConnectionLifecycleTests {
    static func code(_ body: () async throws -> Void) async -> String? {
        await AccessTests.code(body)
    }

    @Test("an invalid configuration is reported and nothing is saved", arguments: StoreKind.allCases)
    func invalidConfigurationNotSaved(kind: StoreKind) async throws {
        let harness = try LifecycleHarness(kind)
        try await harness.organization("acme")
        let bad = ProviderConfiguration(mode: "manual", values: [
            "sso_url": .text("http://idp.example.test/sso"), "idp_entity_id": .text(""),
            "signing_certificates": .text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"),
        ])
        let outcome = try await harness.lifecycle.saveConfiguration(bad, providerID: "generic-saml", organizationID: "acme",
                                                                    by: harness.manager("acme"))
        #expect(!outcome.saved)
        #expect(outcome.report.hasErrors)
        #expect(outcome.report.codes.isSuperset(of: ["sso-url.not-https", "idp-entity-id.missing"]))
        #expect(await Self.code { _ = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: harness.reader("acme")) } == "connection.not-found")
    }

    @Test("a valid configuration is saved with its resolved settings, fingerprint and SP values", arguments: StoreKind.allCases)
    func savesConfiguration(kind: StoreKind) async throws {
        let harness = try LifecycleHarness(kind)
        try await harness.organization("acme")
        let outcome = try await harness.lifecycle.saveConfiguration(try LifecycleHarness.manualConfiguration(), providerID: "generic-saml",
                                                                    organizationID: "acme", by: harness.manager("acme"))
        let connection = try #require(outcome.connection)
        #expect(connection.status == .draft)
        #expect(connection.id.hasPrefix("conn_"))
        let saved = try #require(connection.configuration)
        #expect(saved.identityProvider.entityID == "https://idp.example.test/saml")
        #expect(saved.identityProvider.ssoURL == "https://idp.example.test/sso")
        #expect(saved.identityProvider.certificates.count == 1)
        #expect(saved.identityProvider.certificates[0].subject.contains("SelfServeSSO test IdP"))
        #expect(saved.fingerprint.count == 64)
        #expect(saved.savedBy == "member:acme/admin@acme")

        let details = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: harness.reader("acme"))
        #expect(details.serviceProvider.acsURL == "https://app.example.com/sso/saml/acs/\(connection.id)")
        #expect(details.serviceProvider.entityID == "https://app.example.com/sso/saml/metadata/\(connection.id)")
        #expect(details.serviceProviderValues.contains { $0.value == details.serviceProvider.acsURL })
        let metadata = try await harness.lifecycle.serviceProviderMetadata(connectionID: connection.id)
        #expect(metadata.contains("entityID=\"https://app.example.com/sso/saml/metadata/\(connection.id)\""))
        #expect(metadata.contains("Location=\"https://app.example.com/sso/saml/acs/\(connection.id)\""))
        #expect(await Self.code { _ = try await harness.lifecycle.serviceProviderMetadata(connectionID: "conn_nope") } == "connection.not-found")

        // The same settings give the same fingerprint; another certificate or URL another one.
        let again = try await harness.lifecycle.saveConfiguration(try LifecycleHarness.manualConfiguration(), providerID: "generic-saml",
                                                                  organizationID: "acme", by: harness.manager("acme"))
        #expect(again.connection?.configuration?.fingerprint == saved.fingerprint)
        #expect(again.connection?.id == connection.id)
        let moved = try await harness.lifecycle.saveConfiguration(
            try LifecycleHarness.manualConfiguration(ssoURL: "https://idp.example.test/other"), providerID: "generic-saml",
            organizationID: "acme", by: harness.manager("acme"))
        #expect(moved.connection?.configuration?.fingerprint != saved.fingerprint)
        // Reading the email from another attribute changes how sign-ins are judged: another fingerprint.
        var remapped = try LifecycleHarness.manualConfiguration()
        remapped.values["attribute_mapping"] = .mapping(["email": "mail"])
        let mapped = try await harness.lifecycle.saveConfiguration(remapped, providerID: "generic-saml",
                                                                   organizationID: "acme", by: harness.manager("acme"))
        #expect(mapped.saved)
        #expect(mapped.connection?.configuration?.fingerprint != saved.fingerprint)
    }

    @Test("the provider cannot be switched by saving; changing provider resets the connection")
    func providerChanges() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        let first = try #require(try await harness.lifecycle.saveConfiguration(
            try LifecycleHarness.manualConfiguration(), providerID: "generic-saml", organizationID: "acme",
            by: harness.manager("acme")).connection)
        #expect(await Self.code {
            _ = try await harness.lifecycle.saveConfiguration(try LifecycleHarness.manualConfiguration(), providerID: "okta",
                                                              organizationID: "acme", by: harness.manager("acme"))
        } == "connection.provider-mismatch")
        #expect(await Self.code { _ = try await harness.lifecycle.chooseProvider("okta", organizationID: "acme", by: harness.manager("acme")) } == "connection.provider-mismatch")
        #expect(try await harness.lifecycle.chooseProvider("generic-saml", organizationID: "acme", by: harness.manager("acme")).id == first.id)
        #expect(await Self.code { _ = try await harness.lifecycle.chooseProvider("nope", organizationID: "acme", by: harness.manager("acme")) } == "provider.unknown")

        let changed = try await harness.lifecycle.changeProvider(to: "okta", organizationID: "acme", by: harness.manager("acme"))
        #expect(changed.providerID == "okta")
        #expect(changed.id != first.id)
        #expect(changed.configuration == nil)
        #expect(changed.status == .draft)

        try await harness.lifecycle.resetConnection(organizationID: "acme", by: harness.manager("acme"))
        #expect(await Self.code { _ = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: harness.reader("acme")) } == "connection.not-found")
        #expect(await Self.code { try await harness.lifecycle.resetConnection(organizationID: "acme", by: harness.manager("acme")) } == "connection.not-found")
        let actions = try await harness.lifecycle.auditLog(organizationID: "acme", by: harness.operatorPrincipal).map(\.action)
        #expect(actions.prefix(3) == ["connection.reset", "connection.provider-changed", "connection.created"])
    }

    @Test("activation needs a configuration, a verified domain and a successful test of that configuration")
    func activationGates() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        let admin = harness.manager("acme")
        #expect(await Self.code { _ = try await harness.lifecycle.activate(organizationID: "acme", by: admin) } == "connection.not-found")
        _ = try await harness.lifecycle.chooseProvider("generic-saml", organizationID: "acme", by: admin)
        #expect(await Self.code { _ = try await harness.lifecycle.activate(organizationID: "acme", by: admin) } == "connection.not-configured")
        #expect(await Self.code { _ = try await harness.lifecycle.startTestRun(organizationID: "acme", by: admin) } == "connection.not-configured")
        _ = try await harness.lifecycle.saveConfiguration(try LifecycleHarness.manualConfiguration(), providerID: "generic-saml",
                                                          organizationID: "acme", by: admin)
        #expect(await Self.code { _ = try await harness.lifecycle.activate(organizationID: "acme", by: admin) } == "activation.requires-verified-domain")
        try await harness.verifiedDomain("acme.com", organizationID: "acme")
        #expect(await Self.code { _ = try await harness.lifecycle.activate(organizationID: "acme", by: admin) } == "activation.requires-successful-test")
        // A started (pending) test is not a successful one.
        _ = try await harness.lifecycle.startTestRun(organizationID: "acme", by: admin)
        #expect(await Self.code { _ = try await harness.lifecycle.activate(organizationID: "acme", by: admin) } == "activation.requires-successful-test")
        #expect(await Self.code { _ = try await harness.lifecycle.deactivate(organizationID: "acme", by: admin) } == "connection.not-active")
    }

    @Test("a test run starts with an AuthnRequest for the saved configuration and an unguessable RelayState")
    func testRunStart() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        let admin = harness.manager("acme")
        let connection = try #require(try await harness.lifecycle.saveConfiguration(
            try LifecycleHarness.manualConfiguration(), providerID: "generic-saml", organizationID: "acme", by: admin).connection)
        let start = try await harness.lifecycle.startTestRun(organizationID: "acme", by: admin)
        #expect(start.run.storedStatus == .pending)
        #expect(start.run.configurationFingerprint == connection.configuration?.fingerprint)
        #expect(start.run.expiresAt == harness.clock.now().addingTimeInterval(15 * 60))
        #expect(start.redirect.relayState.count >= 43)
        #expect(start.run.relayStateHash != start.redirect.relayState)
        #expect(start.redirect.url.absoluteString.hasPrefix("https://idp.example.test/sso?SAMLRequest="))
        #expect(start.redirect.url.absoluteString.contains("RelayState="))
        #expect(start.redirect.request.assertionConsumerServiceURL == "https://app.example.com/sso/saml/acs/\(connection.id)")
        #expect(start.redirect.request.issuer == "https://app.example.com/sso/saml/metadata/\(connection.id)")
        #expect(start.run.requestID == start.redirect.request.id)
        let other = try await harness.lifecycle.startTestRun(organizationID: "acme", by: admin)
        #expect(other.redirect.relayState != start.redirect.relayState)
        let runs = try await harness.lifecycle.testRuns(organizationID: "acme", by: harness.reader("acme"))
        #expect(runs.map(\.id) == [other.run.id, start.run.id])
        harness.clock.advance(by: 15 * 60)
        #expect(try await harness.lifecycle.testRun(start.run.id, organizationID: "acme", by: admin).status(at: harness.clock.now()) == .expired)
    }

    @Test("a configuration over the size limit is refused before anything else")
    func oversizedConfiguration() async throws {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        let huge = ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(String(repeating: "x", count: 1_300_000))])
        #expect(await Self.code {
            _ = try await harness.lifecycle.saveConfiguration(huge, providerID: "generic-saml", organizationID: "acme", by: harness.manager("acme"))
        } == "connection.configuration-too-large")
    }

    @Test("the base URL must be https, or http on loopback")
    func baseURL() throws {
        #expect(throws: LifecycleError.self) { try LifecycleSettings(serviceProviderBaseURL: "http://app.example.com") }
        #expect(throws: LifecycleError.self) { try LifecycleSettings(serviceProviderBaseURL: "https://app.example.com/?x=1") }
        #expect(throws: LifecycleError.self) { try LifecycleSettings(serviceProviderBaseURL: "ftp://app.example.com") }
        #expect(throws: LifecycleError.self) { try LifecycleSettings(serviceProviderBaseURL: "app.example.com") }
        #expect(try LifecycleSettings(serviceProviderBaseURL: "http://127.0.0.1:8080/").serviceProviderBaseURL == "http://127.0.0.1:8080")
        #expect(try LifecycleSettings(serviceProviderBaseURL: "https://app.example.com/auth/").acsURL(connectionID: "c")
                == "https://app.example.com/auth/sso/saml/acs/c")
    }

    @Test("the TXT record prefix is one or more DNS labels of letters, digits, '-' and '_'")
    func verificationRecordPrefix() throws {
        let base = "https://app.example.com"
        for good in ["_sso-verification", "_acme.verify", "a", String(repeating: "a", count: 63), "x_1-Y.z"] {
            #expect(try LifecycleSettings(serviceProviderBaseURL: base, verificationRecordPrefix: good).verificationRecordPrefix == good)
        }
        for bad in ["", ".", "a..b", "a.", ".a", "a b", "é", "a/b", "a*", String(repeating: "a", count: 64),
                    Array(repeating: "abcdefghi", count: 11).joined(separator: ".")] {
            do {
                _ = try LifecycleSettings(serviceProviderBaseURL: base, verificationRecordPrefix: bad)
                Issue.record("the prefix '\(bad)' was accepted")
            } catch {
                #expect(error.code == .settingsInvalid)
                #expect(error.message.contains("DNS labels"))
            }
        }
    }

    @Test("return-to paths that could leave the site are refused", arguments: [
        "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil", "/ok\nLocation: x",
    ])
    func returnTo(path: String) {
        #expect(throws: LifecycleError.self) { try SelfServeLifecycle.checkedReturnTo(path) }
    }
}
