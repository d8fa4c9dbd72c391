import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import Testing

/// A metadata fetcher whose document the test replaces, as an IdP rotating its key does.
final class ChangingMetadataFetcher: MetadataFetching {
    private let lock = NSLock()
    // Guarded by `lock`.
    nonisolated(unsafe) private var document: Data

    init(_ text: String) { document = Data(text.utf8) }

    func serve(_ text: String) { lock.withLock { document = Data(text.utf8) } }

    func fetch(_ url: URL) async throws(SAMLError) -> Data { lock.withLock { document } }
}

@Suite struct RefreshMetadataCommandTests {
    @Test func followsARotationAndReportsIt() async throws {
        let key = try TestSigningKey(commonName: "Rotating IdP")
        let next = try key.rotated()
        let idp = TestIdentityProvider(signingKey: key)
        let fetcher = ChangingMetadataFetcher(idp.metadataXML)
        let world = CommandLineWorld(metadataFetcher: fetcher)
        await world.organization()
        let saved = await world.sso("connection", "set", "acme", "--provider", "generic-saml", "--metadata-url",
                                    "https://idp.example.test/metadata")
        #expect(saved.status == 0, "\(saved.output)")

        let unchanged = try await world.sso("connection", "refresh-metadata", "acme", "--json").object()
        #expect((unchanged["added"] as? [Any])?.isEmpty == true)
        #expect((unchanged["removed"] as? [Any])?.isEmpty == true)

        // The IdP publishes the next certificate beside the current one, then retires the old one.
        var rotating = idp
        rotating.additionalMetadataCertificates = [next.certificate]
        fetcher.serve(rotating.metadataXML)
        let run = await world.sso("connection", "refresh-metadata", "acme")
        #expect(run.status == 0)
        #expect(run.output.contains("now trusted: \(next.certificate.info.subject)"))
        fetcher.serve(TestIdentityProvider(signingKey: next).metadataXML)
        let retired = try await world.sso("connection", "refresh-metadata", "acme", "--json").object()
        let removed = try #require(retired["removed"] as? [[String: Any]])
        #expect(removed.first?["sha256Fingerprint"] as? String == key.certificate.info.sha256Fingerprint)
        let audit = await world.sso("audit", "acme")
        #expect(audit.output.contains("connection.certificates-refreshed"))

        // A member who may only read cannot refresh.
        let refused = await world.sso("connection", "refresh-metadata", "acme", "--actor-permissions", "org:sys_entconns:read", "--json")
        #expect(refused.status == 1)
        #expect(refused.output.contains("permission.denied"))
    }

    @Test func aManualConnectionHasNothingToRefresh() async throws {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.savedConnection()
        let run = await world.sso("connection", "refresh-metadata", "acme", "--json")
        #expect(run.status == 1)
        #expect(run.output.contains("connection.invalid-configuration"))
    }
}
