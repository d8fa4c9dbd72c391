import Foundation

extension ResponseValidator {
    /// Validates one SAML Response and records its assertion ID in `replayCache`, refusing a
    /// response whose assertion was accepted before.
    /// - Parameters:
    ///   - input: The `SAMLResponse` form field's value or the response XML.
    ///   - replayCache: Where accepted assertion IDs are remembered until they expire.
    /// - Returns: The asserted identity.
    /// - Throws: Any error of `validate(_:)`, or `assertion.replayed`.
    public func validate(_ input: Data, replayCache: some AssertionReplayCache) async throws(SAMLError) -> ValidatedAssertion {
        let assertion = try validate(input)
        // The assertion is acceptable until its end plus the clock skew; remember it as long.
        let end = (assertion.notOnOrAfter ?? options.now.addingTimeInterval(3600)).addingTimeInterval(options.clockSkew)
        guard await replayCache.recordAssertion(id: assertion.assertionID, expiresAt: end, now: options.now) else {
            throw SAMLError(.assertionReplayed,
                "The assertion '\(assertion.assertionID.forMessage)' was already used to sign in. A response can be used only once; start the sign-in again.")
        }
        return assertion
    }
}
