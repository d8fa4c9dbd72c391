import Foundation
import SelfServeSSO

/// The JSON form of the lifecycle's records, shared by every command that prints them, so a
/// domain or a test run reads the same wherever it appears. Keys are camelCase; absent values
/// are `null`; dates are ISO 8601 UTC with whole seconds.
enum RecordJSON {
    /// `{"code", "message"}`, the shape of every refusal.
    static func error(code: String, message: String) -> JSONValue {
        .object(["code": .string(code), "message": .string(message)])
    }

    /// An optional date.
    static func date(_ date: Date?) -> JSONValue { date.map(JSONValue.timestamp) ?? .null }

    /// An organization: `organization` (its id), `name`, `ssoAllowed`, `createdAt`.
    static func organization(_ organization: Organization) -> [String: JSONValue] {
        [
            "organization": .string(organization.id),
            "name": .string(organization.name),
            "ssoAllowed": .bool(organization.ssoAllowed),
            "createdAt": .timestamp(organization.createdAt),
        ]
    }

    /// A domain and its TXT challenge, with its status at `now`.
    static func domain(_ record: DomainRecord, now: Date) -> [String: JSONValue] {
        [
            "organization": .string(record.organizationID),
            "domain": .string(record.name),
            "status": .string(record.status(at: now).rawValue),
            "recordName": .string(record.recordName),
            "recordType": .string(record.recordType),
            "recordValue": .string(record.recordValue),
            "expiresAt": .timestamp(record.challengeExpiresAt),
            "verifiedAt": date(record.verifiedAt),
            "createdAt": .timestamp(record.createdAt),
            "lastCheck": record.lastCheck.map(dnsCheck) ?? .null,
        ]
    }

    /// What one DNS look-up found.
    static func dnsCheck(_ check: DNSCheck) -> JSONValue {
        .object([
            "outcome": .string(check.outcome.rawValue),
            "queriedName": .string(check.queriedName),
            "nameserver": .optional(check.nameserver),
            "foundValues": .strings(check.foundValues),
            "expectedValue": .string(check.expectedValue),
            "checkedAt": .timestamp(check.checkedAt),
            "message": .string(check.message),
        ])
    }

    /// A validation issue, as `sso validate --json` prints it.
    static func issue(_ issue: ValidationIssue) -> JSONValue {
        .object([
            "field": .string(issue.field),
            "code": .string(issue.code),
            "severity": .string(issue.severity.rawValue),
            "message": .string(issue.message),
            "fixHint": .string(issue.fixHint),
        ])
    }

    /// A reason a test run or sign-in failed: `code`, `message`, `fix` (the provider's steps,
    /// or null), `side` (who must act) and `details` (expected and observed values).
    static func failure(_ failure: SignInFailure) -> JSONValue {
        .object([
            "code": .string(failure.code),
            "message": .string(failure.message),
            "fix": .optional(failure.fix),
            "side": .string(failure.side.rawValue),
            "details": .object(failure.details.mapValues(JSONValue.string)),
        ])
    }

    /// A signed-in person: `organization`, `email`, `firstName`, `lastName`, `nameID`,
    /// `attributes` and the rest of what the assertion said.
    static func user(_ user: SignedInUser) -> [String: JSONValue] {
        [
            "organization": .string(user.organizationID),
            "connection": .string(user.connectionID),
            "provider": .string(user.providerID),
            "email": .string(user.email),
            "firstName": .optional(user.firstName),
            "lastName": .optional(user.lastName),
            "nameID": .string(user.nameID),
            "nameIDFormat": .optional(user.nameIDFormat),
            "sessionIndex": .optional(user.sessionIndex),
            "attributes": .object(user.attributes.mapValues(JSONValue.strings)),
            "sessionNotOnOrAfter": date(user.sessionNotOnOrAfter),
            "authnInstant": date(user.authnInstant),
            "authnContextClassRef": .optional(user.authnContextClassRef),
            "issuer": .string(user.issuer),
        ]
    }

    /// A test run, with its status at `now`; `current` says whether it tested the
    /// configuration saved now.
    static func testRun(_ run: TestRun, now: Date, currentFingerprint: String?) -> [String: JSONValue] {
        [
            "testID": .string(run.id),
            "status": .string(run.status(at: now).rawValue),
            "createdAt": .timestamp(run.createdAt),
            "expiresAt": .timestamp(run.expiresAt),
            "completedAt": date(run.completedAt),
            "startedBy": .string(run.startedBy),
            "configurationFingerprint": .string(run.configurationFingerprint),
            "current": .bool(run.configurationFingerprint == currentFingerprint),
            "user": run.user.map { .object(user($0)) } ?? .null,
            "errors": .array(run.errors.map(failure)),
        ]
    }

    /// A stored signing certificate.
    static func certificate(_ certificate: StoredCertificate) -> JSONValue {
        .object([
            "subject": .string(certificate.subject),
            "notBefore": .timestamp(certificate.notBefore),
            "notAfter": .timestamp(certificate.notAfter),
            "sha256Fingerprint": .string(certificate.sha256Fingerprint),
        ])
    }

    /// A saved configuration's identity-provider settings, how it was submitted, and its
    /// fingerprint.
    static func identityProvider(_ saved: SavedConfiguration) -> JSONValue {
        let idp = saved.identityProvider
        return .object([
            "entityID": .string(idp.entityID),
            "ssoURL": .string(idp.ssoURL),
            "ssoBinding": .string(idp.ssoBinding.rawValue),
            "certificates": .array(idp.certificates.map(certificate)),
            "wantAuthnRequestsSigned": .bool(idp.wantAuthnRequestsSigned),
            "nameIDFormat": .optional(idp.nameIDFormat),
            "mode": .string(saved.submitted.mode),
            "metadataURL": .optional(saved.submitted.text("metadata_url")),
            "fingerprint": .string(saved.fingerprint),
            "savedAt": .timestamp(saved.savedAt),
            "savedBy": .string(saved.savedBy),
            "warnings": .array(saved.warnings.map(issue)),
        ])
    }
}
