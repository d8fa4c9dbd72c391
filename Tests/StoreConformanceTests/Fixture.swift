import Foundation
import SAML
import SSOCore
import SSOLifecycle
import Testing

/// Records for the conformance suite. `complete: true` sets every optional field and
/// fills every collection; `false` leaves them nil or empty. Text includes quotes, new
/// lines and non-ASCII characters; dates are whole milliseconds (see ``date(_:)``).
enum Fixture {
    /// A date `milliseconds` after 2026-03-01T12:00:00Z, built the way the lifecycle's clock
    /// truncates to whole milliseconds (`Date(timeIntervalSince1970: ms / 1000)`), so every
    /// store, including one that keeps only microseconds, reads it back `==`.
    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(1_772_366_400_000 + milliseconds) / 1000)
    }

    static let odd = "Zoë \"O'Brien\"\n— 東京 🚀 \\ %_"

    static func organization(_ id: String, name: String? = nil, ssoAllowed: Bool = true, createdAt: Int64 = 0) -> Organization {
        Organization(id: id, name: name ?? "Organization \(id) \(odd)", ssoAllowed: ssoAllowed, createdAt: date(createdAt))
    }

    static func dnsCheck(_ name: String, complete: Bool) -> DNSCheck {
        DNSCheck(outcome: complete ? .valueMismatch : .nameNotFound, queriedName: "_sso-verification.\(name)",
                 nameserver: complete ? "127.0.0.1:5353" : nil,
                 foundValues: complete ? ["sso-verification=old", "v=spf1 -all \(odd)"] : [],
                 expectedValue: "sso-verification=abc", checkedAt: date(1_234), message: "Found other values. \(odd)")
    }

    static func domain(_ organizationID: String, _ name: String, _ status: DomainStatus = .pending,
                       complete: Bool = false, createdAt: Int64 = 0) -> DomainRecord {
        DomainRecord(organizationID: organizationID, name: name, storedStatus: status,
                     recordName: "_sso-verification.\(name)", recordValue: "sso-verification=\(name.count)-\(odd)",
                     challengeExpiresAt: date(createdAt + 7 * 86_400_000),
                     verifiedAt: complete ? date(createdAt + 60_000) : nil, createdAt: date(createdAt),
                     lastCheck: complete ? dnsCheck(name, complete: true) : nil)
    }

    static func certificate(_ seed: String) -> StoredCertificate {
        StoredCertificate(derBase64: Data("certificate \(seed) ".utf8 + Array(repeating: 0x5A, count: 700)).base64EncodedString(),
                          subject: "CN=\(seed), O=\(odd)", notBefore: date(-86_400_000), notAfter: date(365 * 86_400_000),
                          sha256Fingerprint: String(repeating: "AB:", count: 31) + "CD")
    }

    static func configuration(_ seed: String, complete: Bool) -> SavedConfiguration {
        let values: [String: ConfigValue] = complete
            ? ["sso_url": .text("https://idp.example.test/\(seed)/sso"), "signing_certificates": .list(["PEM 1", "PEM 2 \(odd)"]),
               "sign_requests": .boolean(true), "attributes": .mapping(["email": "mail", "first_name": odd])]
            : ["metadata_url": .text("https://idp.example.test/\(seed)/metadata")]
        let identityProvider = ResolvedIdentityProvider(
            entityID: "https://idp.example.test/\(seed)", ssoURL: "https://idp.example.test/\(seed)/sso",
            ssoBinding: complete ? .httpPOST : .httpRedirect,
            certificates: complete ? [certificate(seed), certificate(seed + "-next")] : [certificate(seed)],
            wantAuthnRequestsSigned: complete,
            nameIDFormat: complete ? "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" : nil)
        return SavedConfiguration(
            submitted: ProviderConfiguration(mode: complete ? "manual" : "metadata-url", values: values),
            identityProvider: identityProvider, fingerprint: identityProvider.fingerprint(providerID: "okta"),
            warnings: complete ? [ValidationIssue(field: "sso_url", code: "sso-url.unusual-path", severity: .warning,
                                                  message: "Unusual. \(odd)", fixHint: "Check it.")] : [],
            savedAt: date(5_000), savedBy: "member:acme/\(odd)")
    }

    /// A connection; `complete` gives it a saved and a (different) live configuration and
    /// IdP-initiated sign-in.
    static func connection(_ id: String, organizationID: String, status: ConnectionStatus = .draft,
                           complete: Bool = false, createdAt: Int64 = 0, updatedAt: Int64? = nil) -> Connection {
        Connection(id: id, organizationID: organizationID, providerID: "okta", status: status,
                   configuration: complete ? configuration(id, complete: true) : nil,
                   liveConfiguration: complete ? configuration(id + "-live", complete: false) : nil,
                   allowsIdPInitiatedSignIn: complete, createdAt: date(createdAt), updatedAt: date(updatedAt ?? createdAt))
    }

    /// An active connection whose live configuration is the saved one (the usual case).
    static func activeConnection(_ id: String, organizationID: String, updatedAt: Int64 = 0) -> Connection {
        let saved = configuration(id, complete: true)
        return Connection(id: id, organizationID: organizationID, providerID: "okta", status: .active,
                          configuration: saved, liveConfiguration: saved, createdAt: date(0), updatedAt: date(updatedAt))
    }

    static func user(complete: Bool) -> SignedInUser {
        SignedInUser(organizationID: "acme", connectionID: "conn-1", providerID: "okta", email: "zoe@acme.test",
                     firstName: complete ? "Zoë" : nil, lastName: complete ? odd : nil, nameID: "zoe@acme.test",
                     nameIDFormat: complete ? "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" : nil,
                     sessionIndex: complete ? "_session-1" : nil,
                     attributes: complete ? ["mail": ["zoe@acme.test"], "groups": ["a", "b", odd], "empty": []] : [:],
                     sessionNotOnOrAfter: complete ? date(8 * 3_600_000) : nil, authnInstant: complete ? date(-1_000) : nil,
                     authnContextClassRef: complete ? "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport" : nil,
                     issuer: "https://idp.example.test/conn-1")
    }

    static func failure(_ code: String, complete: Bool) -> SignInFailure {
        SignInFailure(code: code, message: "It failed. \(odd)", fix: complete ? "Fix it in the console." : nil,
                      side: complete ? .identityProviderAdmin : .application,
                      details: complete ? ["expected_audience": "https://app.test", "observed_audience": odd] : [:])
    }

    static func testRun(_ id: String, connectionID: String, organizationID: String = "acme", relayState: String? = nil,
                        requestID: String? = nil, status: TestRunStatus = .pending, fingerprint: String = "fp-1",
                        complete: Bool = false, createdAt: Int64 = 0) -> TestRun {
        TestRun(id: id, connectionID: connectionID, organizationID: organizationID, configurationFingerprint: fingerprint,
                requestID: requestID ?? "_request-\(id)", relayStateHash: relayState ?? "relay-\(id)", storedStatus: status,
                createdAt: date(createdAt), expiresAt: date(createdAt + 900_000),
                completedAt: complete ? date(createdAt + 30_000) : nil, startedBy: "member:acme/\(odd)",
                user: complete ? user(complete: true) : nil,
                errors: complete ? [failure("conditions.audience-mismatch", complete: true), failure("x.y", complete: false)] : [])
    }

    static func signInRequest(_ id: String, connectionID: String, organizationID: String = "acme", relayState: String? = nil,
                              expiresAt: Int64 = 300_000, complete: Bool = false) -> SignInRequest {
        SignInRequest(id: id, connectionID: connectionID, organizationID: organizationID, requestID: "_request-\(id)",
                      relayStateHash: relayState ?? "relay-\(id)", email: "zoë@acme.test", returnTo: "/app?x=\(odd)",
                      createdAt: date(0), expiresAt: date(expiresAt), consumedAt: complete ? date(1_000) : nil)
    }

    static func attempt(_ id: String, organizationID: String? = "acme", at: Int64 = 0, complete: Bool = false) -> AttemptRecord {
        AttemptRecord(id: id, at: date(at), kind: complete ? .idpInitiated : .production, outcome: complete ? .failed : .success,
                      organizationID: organizationID, connectionID: complete ? "conn-1" : nil,
                      testRunID: complete ? "test-1" : nil, email: complete ? "zoë@acme.test" : nil,
                      failures: complete ? [failure("response.replayed", complete: true)] : [],
                      details: complete ? ["issuer": "https://idp.example.test", "email_domain": odd, "controls": "\u{1}\t\r\u{1F}\u{7F}", "": ""] : [:])
    }

    static func audit(_ id: String, organizationID: String? = "acme", at: Int64 = 0, complete: Bool = false) -> AuditEntry {
        AuditEntry(id: id, at: date(at), organizationID: organizationID, actor: "member:acme/\(odd)",
                   action: "domain.added", target: complete ? "acme.test" : nil,
                   before: complete ? #"{"status":"pending"}"# : nil, after: complete ? #"{"status":"verified","note":"\#(odd)"}"# : nil)
    }

    static func setupLink(_ id: String, organizationID: String = "acme", token: String? = nil, createdAt: Int64 = 0,
                          complete: Bool = false) -> SetupLink {
        SetupLink(id: id, organizationID: organizationID, tokenHash: token ?? "token-\(id)", createdBy: "operator:\(odd)",
                  note: complete ? "For Jane at Acme IT. \(odd)" : "", createdAt: date(createdAt),
                  expiresAt: date(createdAt + 86_400_000), revokedAt: complete ? date(createdAt + 1_000) : nil,
                  usedAt: complete ? date(createdAt + 2_000) : nil,
                  sessionTokenHash: complete ? "session-\(id)" : nil, sessionExpiresAt: complete ? date(createdAt + 3_000) : nil,
                  sessionEndedAt: complete ? date(createdAt + 2_500) : nil)
    }
}

/// An error only a test's body throws, to check it comes back unchanged.
struct BodyError: Error, Equatable {
    let token = UUID()
}

extension LifecycleStore {
    /// A write transaction.
    func write<Result: Sendable>(_ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result {
        try await transaction(.write, body)
    }

    /// A read transaction.
    func read<Result: Sendable>(_ body: @Sendable (any StoreTransaction) throws -> Result) async throws -> Result {
        try await transaction(.read, body)
    }

    /// Inserts organizations (most records need theirs).
    func insertOrganizations(_ ids: String...) async throws {
        try await write { transaction throws in
            for id in ids { try transaction.insertOrganization(Fixture.organization(id)) }
        }
    }
}

/// The kind of ``StoreError`` `body` throws, or nil when it returns. Records an issue when
/// it throws something else.
func storeErrorKind(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> StoreError.Kind? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error.kind
    } catch {
        Issue.record("Expected a StoreError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Expects a write transaction running `body` to fail with a ``StoreError`` of `kind`.
func expectStoreError(_ kind: StoreError.Kind, in store: any LifecycleStore, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: @Sendable (any StoreTransaction) throws -> Void) async {
    do {
        try await store.write(body)
        Issue.record("Expected StoreError.\(kind), but the transaction committed", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("Expected StoreError.\(kind), got \(error)", sourceLocation: sourceLocation)
    }
}
