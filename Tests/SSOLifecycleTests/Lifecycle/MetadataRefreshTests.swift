import Foundation
import Testing
import SelfServeSSO
import SelfServeSSOTestKit

/// A metadata fetcher serving documents from a table the test changes.
final class TableFetcher: MetadataFetching {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var documents: [URL: Data] = [:]

    func serve(_ url: URL, _ text: String) { lock.withLock { documents[url] = Data(text.utf8) } }

    func fetch(_ url: URL) async throws(SAMLError) -> Data {
        guard let data = lock.withLock({ documents[url] }) else {
            throw SAMLError(.fetchHTTPStatus, "The server answered 404 for \(url.absoluteString).")
        }
        return data
    }
}

/// Following an IdP's signing-certificate rotation through its metadata URL.
@Suite struct MetadataRefreshTests {
    static let metadataURL = URL(string: "https://idp.example.test/app/metadata")!

    static func harness() async throws -> (LifecycleHarness, TableFetcher, TestIdentityProvider) {
        let fetcher = TableFetcher()
        let base = try LifecycleHarness(fetcher: fetcher)
        let idp = TestIdentityProvider(signingKey: TestKeys.idp)
        fetcher.serve(metadataURL, idp.metadataXML)
        try await base.organization("acme")
        try await base.verifiedDomain("acme.com", organizationID: "acme")
        let outcome = try await base.lifecycle.saveConfiguration(
            ProviderConfiguration(mode: "metadata-url", values: ["metadata_url": .text(metadataURL.absoluteString)]),
            providerID: "generic-saml", organizationID: "acme", by: base.manager("acme"))
        #expect(outcome.saved, "\(outcome.report)")
        return (base, fetcher, idp)
    }

    @Test("a new certificate published beside the old one is trusted; a retired one is dropped; both audited")
    func rotation() async throws {
        let (base, fetcher, idp) = try await Self.harness()
        let admin = base.manager("acme")
        let unchanged = try await base.lifecycle.refreshMetadata(organizationID: "acme", by: admin)
        #expect(!unchanged.changedCertificates)

        var rotating = idp
        rotating.additionalMetadataCertificates = [TestKeys.other.certificate]
        fetcher.serve(Self.metadataURL, rotating.metadataXML)
        let added = try await base.lifecycle.refreshMetadata(organizationID: "acme", by: admin)
        #expect(added.added.map(\.sha256Fingerprint) == [TestKeys.other.certificate.info.sha256Fingerprint])
        #expect(added.removed.isEmpty)
        var details = try await base.lifecycle.connectionDetails(organizationID: "acme", by: admin)
        #expect(details.connection.configuration?.identityProvider.certificates.count == 2)

        fetcher.serve(Self.metadataURL, TestIdentityProvider(signingKey: TestKeys.other).metadataXML)
        let removed = try await base.lifecycle.refreshMetadata(organizationID: "acme", by: admin)
        #expect(removed.removed.map(\.sha256Fingerprint) == [TestKeys.idp.certificate.info.sha256Fingerprint])
        details = try await base.lifecycle.connectionDetails(organizationID: "acme", by: admin)
        #expect(details.connection.configuration?.identityProvider.certificates.map(\.sha256Fingerprint)
                == [TestKeys.other.certificate.info.sha256Fingerprint])
        let actions = try await base.lifecycle.auditLog(organizationID: "acme", by: admin).map(\.action)
        #expect(actions.filter { $0 == "connection.certificates-refreshed" }.count == 2)
    }

    @Test("a live connection follows the rotation without a new test; other changes are only reported")
    func liveRotation() async throws {
        let (base, fetcher, idp) = try await Self.harness()
        let admin = base.manager("acme")
        // Test and activate.
        let start = try await base.lifecycle.startTestRun(organizationID: "acme", by: admin)
        let request = try idp.parseAuthnRequest(redirectURL: start.redirect.url)
        let response = try idp.response(to: request, user: TestUser(email: "alice@acme.com"), now: base.clock.now())
        let connectionID = try #require(start.run.connectionID as String?)
        #expect(await base.lifecycle.receiveResponse(connectionID: connectionID, samlResponse: response.samlResponse,
                                                     relayState: response.relayState).testRun?.storedStatus == .success)
        _ = try await base.lifecycle.activate(organizationID: "acme", by: admin)

        let rotated = TestIdentityProvider(signingKey: TestKeys.other)
        fetcher.serve(Self.metadataURL, rotated.metadataXML)
        _ = try await base.lifecycle.refreshMetadata(organizationID: "acme", by: admin)
        let details = try await base.lifecycle.connectionDetails(organizationID: "acme", by: admin)
        #expect(!details.connection.hasPendingChange)
        #expect(details.connection.status == .active)
        // The new key signs in at once.
        let signIn = try await base.lifecycle.startSignIn(email: "alice@acme.com")
        let answer = try rotated.response(to: try rotated.parseAuthnRequest(redirectURL: signIn.redirect.url),
                                          user: TestUser(email: "alice@acme.com"), now: base.clock.now())
        #expect(await base.lifecycle.receiveResponse(connectionID: connectionID, samlResponse: answer.samlResponse,
                                                     relayState: answer.relayState).user != nil)

        // A moved SSO URL is reported, not applied.
        let moved = TestIdentityProvider(ssoURL: URL(string: "https://idp.example.test/new-sso")!, signingKey: TestKeys.other)
        fetcher.serve(Self.metadataURL, moved.metadataXML)
        let report = try await base.lifecycle.refreshMetadata(organizationID: "acme", by: admin)
        #expect(report.otherChanges.count == 1)
        #expect(report.otherChanges.first?.contains("new-sso") == true)
        #expect(try await base.lifecycle.route(email: "alice@acme.com")?.ssoURL == "https://idp.example.test/sso")
    }

    @Test("a failed fetch changes nothing and says why; only metadata-URL connections refresh")
    func failures() async throws {
        let (base, fetcher, _) = try await Self.harness()
        let admin = base.manager("acme")
        fetcher.serve(Self.metadataURL, "<not metadata/>")
        do {
            _ = try await base.lifecycle.refreshMetadata(organizationID: "acme", by: admin)
            Issue.record("garbage metadata was accepted")
        } catch {
            #expect(error.code == .connectionInvalidConfiguration)
            #expect(error.message.contains("nothing changed"))
        }
        let all = try await base.lifecycle.refreshAllMetadata(by: base.operatorPrincipal)
        #expect(all.count == 1)
        #expect(all.first?.error != nil)

        try await base.organization("globex")
        _ = try await base.lifecycle.saveConfiguration(try LifecycleHarness.manualConfiguration(), providerID: "generic-saml",
                                                       organizationID: "globex", by: base.manager("globex"))
        do {
            _ = try await base.lifecycle.refreshMetadata(organizationID: "globex", by: base.manager("globex"))
            Issue.record("a manual connection refreshed")
        } catch {
            #expect(error.code == .connectionInvalidConfiguration)
        }
    }
}
