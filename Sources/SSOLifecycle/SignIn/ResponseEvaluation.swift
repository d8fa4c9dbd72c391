import Foundation
import SAML
import SSOCore

/// What the lifecycle does with a SAML Response once it knows which configuration must have
/// produced it: validate it with that configuration's certificates and this connection's
/// service-provider values, and read the person through the provider's attribute mapping.
/// The email's domain is then checked against the organization's verified domains inside
/// the transaction that records the outcome (``checkDomain(of:in:)``), so a domain removed
/// in the meantime cannot slip through and no domain list is read before it is needed.
struct ResponseEvaluation: Sendable {
    /// The kind of sign-in, which names the failure codes (`test.…` or `sign-in.…`).
    let kind: AttemptRecord.Kind
    let connection: Connection
    let configuration: SavedConfiguration
    let plugin: (any IdentityProviderPlugin)?
    let serviceProvider: ServiceProviderSettings
    let clockSkew: TimeInterval

    /// A validated person, or every reason the response was refused.
    enum Result {
        case accepted(SignedInUser, ValidatedAssertion)
        case refused([SignInFailure])
    }

    /// Validates `samlResponse` at `now` as the answer to `expectedRequestID`.
    func evaluate(_ samlResponse: Data, expectedRequestID: String?, now: Date, validators: ValidatorCache) -> Result {
        let assertion: ValidatedAssertion
        do {
            let validator = try validators.validator(for: "\(connection.id)\n\(configuration.fingerprint)") { () throws(SAMLError) in
                let settings = try configuration.identityProvider.settings()
                return try ResponseValidator(options: ResponseValidationOptions(
                    trustedCertificates: settings.signingCertificates, identityProviderEntityID: settings.entityID,
                    serviceProviderEntityID: serviceProvider.entityID,
                    assertionConsumerServiceURL: serviceProvider.acsURL, now: now, clockSkew: clockSkew))
            }
            assertion = try validator.validate(samlResponse, now: now, expectedRequestID: expectedRequestID)
        } catch {
            return .refused([failure(for: error)])
        }
        switch person(in: assertion) {
        case .person(let user):
            return .accepted(user, assertion)
        case .missing(let failure):
            return .refused([failure])
        }
    }

    /// The failure for a SAML-layer error, with the provider's fix.
    func failure(for error: SAMLError) -> SignInFailure {
        let code = error.code.rawValue
        return SignInFailure(code: code, message: error.message,
                             fix: FailureAdvice.fix(for: code, plugin: plugin, details: FailureAdvice.details(of: error), serviceProvider: serviceProvider),
                             side: FailureAdvice.side(for: code), details: FailureAdvice.details(of: error))
    }

    /// Reads email, names and attributes through the provider's mapping and checks the email.
    private enum PersonReading {
        case person(SignedInUser)
        case missing(SignInFailure)
    }

    private func person(in assertion: ValidatedAssertion) -> PersonReading {
        let mapping = plugin?.attributeMapping(for: configuration.submitted)
            ?? AttributeMapping(entries: [], nameIDIsEmail: true)
        func value(_ purpose: AttributeMapping.Purpose) -> String? {
            guard let name = mapping.attributeName(for: purpose) else { return nil }
            return assertion.attributes[name]?.lazy
                .map(\.trimmedWhitespace)
                .first { !$0.isEmpty }
        }
        let emailAttribute = mapping.attributeName(for: .email)
        let candidate = value(.email) ?? (Self.isEmailLike(assertion.nameID) ? assertion.nameID : nil)
        guard let candidate, let parts = try? DomainName.splitEmail(candidate) else {
            let observedNames = assertion.attributes.keys.sorted()
            let details: [String: String] = [
                "observed_attribute_names": observedNames.joined(separator: ", "),
                "observed_name_id": assertion.nameID,
                "expected_email_attribute": emailAttribute ?? "",
            ]
            let code = kind == .test ? "test.user-attribute-missing" : "sign-in.user-attribute-missing"
            let received = observedNames.isEmpty ? "no attributes at all" : "the attributes \(observedNames.joined(separator: ", "))"
            let guest = assertion.nameID.contains("#EXT#")
                ? " The NameID '\(assertion.nameID)' is a guest user's identifier (#EXT#), not an email address."
                : ""
            let message = "The identity provider did not send the person's email address: no '\(emailAttribute ?? "email")' attribute arrived (it sent \(received)), and the NameID '\(assertion.nameID)' is not an email address.\(guest) Map the user's email to the '\(emailAttribute ?? "email")' attribute in the identity provider."
            return .missing(SignInFailure(code: code, message: message,
                                          fix: FailureAdvice.fix(for: code, plugin: plugin, details: details, serviceProvider: serviceProvider),
                                          side: .identityProviderAdmin, details: details))
        }
        let email = parts.localPart.lowercased() + "@" + parts.domain
        return .person(SignedInUser(
            organizationID: connection.organizationID, connectionID: connection.id, providerID: connection.providerID,
            email: email, firstName: value(.firstName), lastName: value(.lastName), nameID: assertion.nameID,
            nameIDFormat: assertion.nameIDFormat, sessionIndex: assertion.sessionIndex, attributes: assertion.attributes,
            sessionNotOnOrAfter: assertion.sessionNotOnOrAfter, authnInstant: assertion.authnInstant,
            authnContextClassRef: assertion.authnContextClassRef, issuer: assertion.issuer))
    }

    /// The failure when the person's email domain is not one the organization holds
    /// verified, read in the transaction that records the outcome; nil when it is.
    /// - Parameters:
    ///   - user: The person the response signs in.
    ///   - transaction: The recording transaction.
    /// - Returns: `test.email-domain-mismatch` / `sign-in.email-domain-mismatch`, or nil.
    func checkDomain(of user: SignedInUser, in transaction: any StoreTransaction) throws -> SignInFailure? {
        let domain = user.email.split(separator: "@").last.map(String.init) ?? ""
        if let record = try transaction.domain(organizationID: user.organizationID, name: domain),
           record.storedStatus == .verified {
            return nil
        }
        let verifiedDomains = try transaction.domains(organizationID: user.organizationID)
            .filter { $0.storedStatus == .verified }.map(\.name)
        let details = ["observed_email": user.email, "observed_email_domain": domain,
                       "verified_domains": verifiedDomains.joined(separator: ", "), "observed_name_id": user.nameID]
        let code = kind == .test ? "test.email-domain-mismatch" : "sign-in.email-domain-mismatch"
        let verified = verifiedDomains.isEmpty ? "none yet" : verifiedDomains.joined(separator: ", ")
        let message = "The identity provider signed in \(user.email), but \(domain) is not one of this organization's verified domains (\(verified)). An identity provider may only sign in people of its own organization's domains: verify \(domain) in the Domains step if it belongs to your organization, or check which email the identity provider sends."
        return SignInFailure(code: code, message: message,
                             fix: FailureAdvice.fix(for: code, plugin: plugin, details: details, serviceProvider: serviceProvider),
                             side: .identityProviderAdmin, details: details)
    }

    /// Whether a NameID can stand for the email: it parses as an address, and is not an
    /// Entra ID guest identifier (`…#EXT#@tenant.onmicrosoft.com`), which looks like one.
    static func isEmailLike(_ nameID: String) -> Bool {
        !nameID.contains("#EXT#") && (try? DomainName.splitEmail(nameID)) != nil
    }
}

/// How a failure is explained: who must act, and the provider's steps to fix it.
enum FailureAdvice {
    /// Who must act on a failure code.
    static func side(for code: String) -> ActingSide {
        switch code {
        case "conditions.expired", "subject-confirmation.expired", "assertion.replayed",
             "response.in-response-to-mismatch", "test.run-not-found", "test.run-expired", "test.run-already-completed",
             "sign-in.request-not-found", "sign-in.request-expired", "sign-in.request-already-used":
            .user
        case _ where code.hasPrefix("xml."), _ where code.hasPrefix("store."), _ where code.hasPrefix("certificate."),
             "sign-in.connection-inactive", "options.invalid-clock-skew":
            .application
        default:
            .identityProviderAdmin
        }
    }

    /// The expected and observed values a SAML error carries (`expected_audience`,
    /// `observed_audience`, `observed_issuer`, certificate fingerprints, times, …).
    static func details(of error: SAMLError) -> [String: String] {
        error.details
    }

    /// The provider's steps for a failure code in its console's words, with the observed
    /// and expected values and this connection's service-provider values filled in.
    static func fix(for code: String, plugin: (any IdentityProviderPlugin)?, details: [String: String],
                    serviceProvider: ServiceProviderSettings) -> String? {
        plugin?.fix(for: code, values: details, settings: serviceProvider)?.plainText
    }
}
