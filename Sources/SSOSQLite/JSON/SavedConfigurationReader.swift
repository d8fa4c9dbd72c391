import Foundation
import SAML
import SSOCore
import SSOLifecycle

/// Reads a ``SSOLifecycle/SavedConfiguration`` from the JSON `JSONEncoder` wrote for it,
/// without `Codable`: the route look-up reads a connection's configuration every time, and
/// `JSONDecoder` spends 25–45 µs on one (most of the look-up), this reader a few.
///
/// It is strict rather than clever: any key it does not know, any missing key, any value of
/// another type gives nil, and the caller falls back to `JSONDecoder`. So a field added to
/// the model is never dropped (the new key sends every read to `JSONDecoder` until this
/// reader learns it), and ``isUsable`` checks once per process, on a value using every
/// field and every kind of submitted value, that this reader returns exactly what was
/// encoded; if the model's encoding ever changes, the fast path turns itself off.
package enum SavedConfigurationReader {
    /// Whether this reader agrees with `JSONEncoder` in this build.
    package static let isUsable: Bool = {
        let samples = [sample(complete: true), sample(complete: false)]
        return samples.allSatisfy { sample in
            guard let data = try? RecordCoding.makeEncoder().encode(sample) else { return false }
            return data.withUnsafeBytes { read($0) } == sample
        }
    }()

    /// The configuration in `bytes`, or nil when they are not exactly the JSON this reader
    /// knows (the caller then decodes them with `JSONDecoder`).
    package static func read(_ bytes: UnsafeRawBufferPointer) -> SavedConfiguration? {
        guard let document = try? JSONDocument(bytes: bytes) else { return nil }
        return Reader(document: document).savedConfiguration(at: 0)
    }

    /// Values with every field set (and unset) and every kind of submitted value, for the
    /// self-check.
    static func sample(complete: Bool) -> SavedConfiguration {
        let date = Date(timeIntervalSinceReferenceDate: 794_059_200.123_456)
        let certificate = StoredCertificate(derBase64: "MIIB\u{2F}+==", subject: "CN=\"x\"\n\\ é 🚀", notBefore: date,
                                            notAfter: date.addingTimeInterval(1e8), sha256Fingerprint: "AB:CD")
        let values: [String: ConfigValue] = complete
            ? ["url": .text("https://idp.test/a?b=c"), "flag": .boolean(true), "off": .boolean(false), "list": .list(["a", "b\u{1}"]),
               "empty-list": .list([]), "map": .mapping(["email": "mail", "": "x"]), "empty-map": .mapping([:])]
            : [:]
        let identityProvider = ResolvedIdentityProvider(
            entityID: "https://idp.test", ssoURL: "https://idp.test/sso", ssoBinding: complete ? .httpPOST : .httpRedirect,
            certificates: complete ? [certificate, certificate] : [], wantAuthnRequestsSigned: complete,
            nameIDFormat: complete ? "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" : nil)
        let warnings = complete
            ? [ValidationIssue(field: "f", code: "a.b", severity: .warning, message: "m", fixHint: "h"),
               ValidationIssue(field: "", code: "c", severity: .error, message: "", fixHint: "")]
            : []
        return SavedConfiguration(submitted: ProviderConfiguration(mode: "manual", values: values), identityProvider: identityProvider,
                                  fingerprint: "0123", warnings: warnings, savedAt: date, savedBy: "operator:x")
    }
}

/// Walks a parsed document; every method returns nil for anything unexpected.
private struct Reader {
    let document: JSONDocument

    /// Calls `visit` with each member's key index and value index; false when the value is
    /// not an object or `visit` refused a member.
    func members(of index: Int, _ visit: (_ key: Int, _ value: Int) -> Bool) -> Bool {
        guard document.values[index].kind == .object else { return false }
        var member = index + 1
        for _ in 0..<document.values[index].count {
            guard visit(member, member + 1) else { return false }
            member = document.next(after: member + 1)
        }
        return true
    }

    /// The elements of the array at `index`, each read by `element`.
    func array<Element>(at index: Int, _ element: (Int) -> Element?) -> [Element]? {
        guard document.values[index].kind == .array else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(document.values[index].count)
        var position = index + 1
        for _ in 0..<document.values[index].count {
            guard let value = element(position) else { return nil }
            elements.append(value)
            position = document.next(after: position)
        }
        return elements
    }

    func string(at index: Int) -> String? {
        document.values[index].kind == .string ? try? document.string(at: index) : nil
    }

    func bool(at index: Int) -> Bool? {
        switch document.values[index].kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    func date(at index: Int) -> Date? {
        guard document.values[index].kind == .number, let seconds = document.double(at: index) else { return nil }
        return Date(timeIntervalSinceReferenceDate: seconds)
    }

    /// Sets `slot` once; false when it was already set (a repeated key) or `value` is nil.
    func assign<Value>(_ slot: inout Value?, _ value: Value?) -> Bool {
        guard slot == nil, let value else { return false }
        slot = value
        return true
    }

    func savedConfiguration(at index: Int) -> SavedConfiguration? {
        var submitted: ProviderConfiguration?, identityProvider: ResolvedIdentityProvider?, fingerprint: String?
        var warnings: [ValidationIssue]?, savedAt: Date?, savedBy: String?
        let known = members(of: index) { key, value in
            if document.key(at: key, is: "fingerprint") { return assign(&fingerprint, string(at: value)) }
            if document.key(at: key, is: "identityProvider") { return assign(&identityProvider, self.identityProvider(at: value)) }
            if document.key(at: key, is: "savedAt") { return assign(&savedAt, date(at: value)) }
            if document.key(at: key, is: "savedBy") { return assign(&savedBy, string(at: value)) }
            if document.key(at: key, is: "submitted") { return assign(&submitted, providerConfiguration(at: value)) }
            if document.key(at: key, is: "warnings") { return assign(&warnings, array(at: value, issue)) }
            return false
        }
        guard known, let submitted, let identityProvider, let fingerprint, let warnings, let savedAt, let savedBy else { return nil }
        return SavedConfiguration(submitted: submitted, identityProvider: identityProvider, fingerprint: fingerprint,
                                  warnings: warnings, savedAt: savedAt, savedBy: savedBy)
    }

    func identityProvider(at index: Int) -> ResolvedIdentityProvider? {
        var certificates: [StoredCertificate]?, entityID: String?, ssoBinding: SAMLBinding?, ssoURL: String?
        var wantAuthnRequestsSigned: Bool?
        // Optional: absent or null is nil (`decodeIfPresent`).
        var nameIDFormat: String?
        var sawNameIDFormat = false
        let known = members(of: index) { key, value in
            if document.key(at: key, is: "certificates") { return assign(&certificates, array(at: value, certificate)) }
            if document.key(at: key, is: "entityID") { return assign(&entityID, string(at: value)) }
            if document.key(at: key, is: "ssoBinding") { return assign(&ssoBinding, string(at: value).flatMap(SAMLBinding.init)) }
            if document.key(at: key, is: "ssoURL") { return assign(&ssoURL, string(at: value)) }
            if document.key(at: key, is: "wantAuthnRequestsSigned") { return assign(&wantAuthnRequestsSigned, bool(at: value)) }
            if document.key(at: key, is: "nameIDFormat"), !sawNameIDFormat {
                sawNameIDFormat = true
                if document.values[value].kind == .null { return true }
                return assign(&nameIDFormat, string(at: value))
            }
            return false
        }
        guard known, let certificates, let entityID, let ssoBinding, let ssoURL, let wantAuthnRequestsSigned else { return nil }
        return ResolvedIdentityProvider(entityID: entityID, ssoURL: ssoURL, ssoBinding: ssoBinding, certificates: certificates,
                                        wantAuthnRequestsSigned: wantAuthnRequestsSigned, nameIDFormat: nameIDFormat)
    }

    func certificate(at index: Int) -> StoredCertificate? {
        var derBase64: String?, subject: String?, notBefore: Date?, notAfter: Date?, sha256Fingerprint: String?
        let known = members(of: index) { key, value in
            if document.key(at: key, is: "derBase64") { return assign(&derBase64, string(at: value)) }
            if document.key(at: key, is: "notAfter") { return assign(&notAfter, date(at: value)) }
            if document.key(at: key, is: "notBefore") { return assign(&notBefore, date(at: value)) }
            if document.key(at: key, is: "sha256Fingerprint") { return assign(&sha256Fingerprint, string(at: value)) }
            if document.key(at: key, is: "subject") { return assign(&subject, string(at: value)) }
            return false
        }
        guard known, let derBase64, let subject, let notBefore, let notAfter, let sha256Fingerprint else { return nil }
        return StoredCertificate(derBase64: derBase64, subject: subject, notBefore: notBefore, notAfter: notAfter,
                                 sha256Fingerprint: sha256Fingerprint)
    }

    func issue(at index: Int) -> ValidationIssue? {
        var field: String?, code: String?, severity: Severity?, message: String?, fixHint: String?
        let known = members(of: index) { key, value in
            if document.key(at: key, is: "code") { return assign(&code, string(at: value)) }
            if document.key(at: key, is: "field") { return assign(&field, string(at: value)) }
            if document.key(at: key, is: "fixHint") { return assign(&fixHint, string(at: value)) }
            if document.key(at: key, is: "message") { return assign(&message, string(at: value)) }
            if document.key(at: key, is: "severity") { return assign(&severity, string(at: value).flatMap(Severity.init)) }
            return false
        }
        guard known, let field, let code, let severity, let message, let fixHint else { return nil }
        return ValidationIssue(field: field, code: code, severity: severity, message: message, fixHint: fixHint)
    }

    /// The flat form `ProviderConfiguration` encodes: `mode` and one member per value.
    func providerConfiguration(at index: Int) -> ProviderConfiguration? {
        var mode: String?
        var values: [String: ConfigValue] = [:]
        let known = members(of: index) { key, value in
            guard let name = try? document.string(at: key) else { return false }
            if name == "mode" { return assign(&mode, string(at: value)) }
            guard values[name] == nil, let configValue = configValue(at: value) else { return false }
            values[name] = configValue
            return true
        }
        guard known, let mode else { return nil }
        return ProviderConfiguration(mode: mode, values: values)
    }

    /// A string, a boolean, an array of strings or an object of strings, as `ConfigValue`
    /// decodes them.
    func configValue(at index: Int) -> ConfigValue? {
        switch document.values[index].kind {
        case .string:
            return string(at: index).map(ConfigValue.text)
        case .true, .false:
            return bool(at: index).map(ConfigValue.boolean)
        case .array:
            return array(at: index, string).map(ConfigValue.list)
        case .object:
            var mapping: [String: String] = [:]
            let known = members(of: index) { key, value in
                guard let name = try? document.string(at: key), mapping[name] == nil, let text = string(at: value) else { return false }
                mapping[name] = text
                return true
            }
            return known ? .mapping(mapping) : nil
        case .number, .null:
            return nil
        }
    }
}
