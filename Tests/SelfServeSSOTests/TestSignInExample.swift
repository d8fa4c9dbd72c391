import Foundation
import SelfServeSSO

// The README's test sign-in example, compiled and run by `TestSignInExampleTests`;
// `ReadmeExampleTests` checks that the README shows exactly the code between the markers.

// BEGIN README TEST SIGN-IN EXAMPLE
/// Step 1 of a test sign-in: where to send the admin's browser. Keep `requestID` with the
/// admin's session; the response must answer it.
func startTestSignIn(idp: IdentityProviderSettings, sp: ServiceProviderSettings,
                     now: Date) throws -> (requestID: String, redirect: URL) {
    let request = AuthnRequest(identityProvider: idp, serviceProviderEntityID: sp.entityID,
                               assertionConsumerServiceURL: sp.acsURL, issueInstant: now)
    return (request.id, try request.redirectURL(relayState: nil))
}

/// Step 2: the IdP posts `SAMLResponse` to the ACS URL. A host keeps one validator per
/// connection (keys parsed once) and passes the time each response arrives.
func finishTestSignIn(samlResponse: String, idp: IdentityProviderSettings, sp: ServiceProviderSettings,
                      requestID: String, replayCache: InMemoryAssertionReplayCache,
                      now: Date) async throws -> ValidatedAssertion {
    let validator = try ResponseValidator(options: ResponseValidationOptions(
        trustedCertificates: idp.signingCertificates, identityProviderEntityID: idp.entityID,
        serviceProviderEntityID: sp.entityID, assertionConsumerServiceURL: sp.acsURL,
        expectedRequestID: requestID, now: now))
    do {
        return try await validator.validate(Data(samlResponse.utf8), now: now, replayCache: replayCache)
    } catch {
        // Record the failure and show the provider's fix hint next to it, e.g.
        // plugin.fixHint(for: error.code.rawValue).
        print(error.code.rawValue, error.message)
        throw error
    }
}
// END README TEST SIGN-IN EXAMPLE
