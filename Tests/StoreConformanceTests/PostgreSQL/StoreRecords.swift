import Foundation
import SelfServeSSO

/// Records for the PostgreSQL store's own tests, with millisecond dates as the lifecycle
/// writes them.
enum StoreRecords {
    static let epoch = Date(timeIntervalSince1970: 1_767_225_600.123) // 2026-01-01T00:00:00.123Z

    static func organization(_ id: String, name: String? = nil) -> Organization {
        Organization(id: id, name: name ?? "Org \(id)", ssoAllowed: true, createdAt: epoch)
    }

    static func domain(_ name: String, organization: String, status: DomainStatus = .verified) -> DomainRecord {
        DomainRecord(organizationID: organization, name: name, storedStatus: status, recordName: "_sso.\(name)",
                     recordValue: "sso-verification=\(name)", challengeExpiresAt: epoch.addingTimeInterval(7 * 86_400),
                     verifiedAt: status == .verified ? epoch : nil, createdAt: epoch)
    }

    static func configuration(ssoURL: String = "https://idp.example.test/sso", fingerprint: String = "f1") -> SavedConfiguration {
        SavedConfiguration(
            submitted: ProviderConfiguration(mode: "manual", values: ["sso_url": .text(ssoURL)]),
            identityProvider: ResolvedIdentityProvider(entityID: "https://idp.example.test", ssoURL: ssoURL,
                                                       ssoBinding: .httpRedirect, certificates: [],
                                                       wantAuthnRequestsSigned: false, nameIDFormat: nil),
            fingerprint: fingerprint, warnings: [], savedAt: epoch, savedBy: "operator")
    }

    static func connection(_ id: String, organization: String, status: ConnectionStatus = .active,
                           updatedAt: Date = epoch) -> Connection {
        let configuration = configuration()
        return Connection(id: id, organizationID: organization, providerID: "generic-saml", status: status,
                          configuration: configuration, liveConfiguration: status == .draft ? nil : configuration,
                          createdAt: epoch, updatedAt: updatedAt)
    }

    static func testRun(_ id: String, connection: String, organization: String, relay: String,
                        status: TestRunStatus = .pending, at date: Date = epoch) -> TestRun {
        TestRun(id: id, connectionID: connection, organizationID: organization, configurationFingerprint: "f1",
                requestID: "_req_\(id)", relayStateHash: relay, storedStatus: status, createdAt: date,
                expiresAt: date.addingTimeInterval(900), startedBy: "operator")
    }

    static func signIn(_ id: String, connection: String, organization: String, relay: String) -> SignInRequest {
        SignInRequest(id: id, connectionID: connection, organizationID: organization, requestID: "_req_\(id)",
                      relayStateHash: relay, email: "ada@\(organization).test", returnTo: "/",
                      createdAt: epoch, expiresAt: epoch.addingTimeInterval(600))
    }

    static func audit(_ id: String, organization: String?, at date: Date = epoch) -> AuditEntry {
        AuditEntry(id: id, at: date, organizationID: organization, actor: "operator", action: "test.entry",
                   target: nil, before: nil, after: "{\"n\":\"\\u0000\"}")
    }

    static func attempt(_ id: String, organization: String?, at date: Date = epoch) -> AttemptRecord {
        AttemptRecord(id: id, at: date, kind: .production, outcome: .failed, organizationID: organization,
                      connectionID: nil, email: "ada@example.test",
                      failures: [SignInFailure(code: "x.y", message: "m", fix: nil, side: .user)])
    }

    static func setupLink(_ id: String, organization: String, token: String) -> SetupLink {
        SetupLink(id: id, organizationID: organization, tokenHash: token, createdBy: "operator", note: "",
                  createdAt: epoch, expiresAt: epoch.addingTimeInterval(86_400))
    }
}
