import Foundation

extension ResponseValidator {
    /// Validates one SAML Response at `options.now` and records its assertion ID in
    /// `replayCache`, refusing a response whose assertion was accepted before.
    /// - Parameters:
    ///   - input: The `SAMLResponse` form field's value or the response XML.
    ///   - replayCache: Where accepted assertion IDs are remembered until they expire.
    /// - Returns: The asserted identity.
    /// - Throws: Any error of `validate(_:)`, or `assertion.replayed`.
    public func validate(_ input: Data, replayCache: some AssertionReplayCache) async throws(SAMLError) -> ValidatedAssertion {
        try await validate(input, now: options.now, replayCache: replayCache)
    }

    /// Validates one SAML Response at the given time and records its assertion ID in
    /// `replayCache`, refusing a response whose assertion was accepted before.
    /// - Parameters:
    ///   - input: The `SAMLResponse` form field's value or the response XML.
    ///   - now: The time the response was received; replaces `options.now`.
    ///   - replayCache: Where accepted assertion IDs are remembered until they expire.
    /// - Returns: The asserted identity.
    /// - Throws: Any error of `validate(_:now:)`, or `assertion.replayed`.
    public func validate(_ input: Data, now: Date,
                         replayCache: some AssertionReplayCache) async throws(SAMLError) -> ValidatedAssertion {
        let assertion = try validate(input, now: now)
        // The assertion is acceptable until its end plus the clock skew; remember it as long.
        let end = (assertion.notOnOrAfter ?? now.addingTimeInterval(3600)).addingTimeInterval(options.clockSkew)
        guard await replayCache.recordAssertion(id: assertion.assertionID, expiresAt: end, now: now) else {
            throw SAMLError(.assertionReplayed,
                "The assertion '\(assertion.assertionID.forMessage)' was already used to sign in. A response can be used only once; start the sign-in again.")
        }
        return assertion
    }
}
