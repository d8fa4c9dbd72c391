import Foundation
import Testing
@testable import SAML

/// One validator per connection, the current time per response: `validate(_:now:)` judges
/// against the time it is given, not the time the validator was built.
@Suite struct ResponseValidatorClockTests {
    @Test func theTimeGivenWithTheResponseDecides() throws {
        let validator = try ResponseFixtures.validator()
        let input = Data(try ResponseFixtures.text("both-signed.xml").utf8)
        let built = validator.options.now
        #expect(try validator.validate(input, now: built).nameID == "alice@example.com")
        do {
            _ = try validator.validate(input, now: built.addingTimeInterval(86_400))
            Issue.record("an assertion a day past its validity was accepted")
        } catch {
            #expect(error.code == .conditionsExpired || error.code == .subjectConfirmationExpired)
        }
        do {
            _ = try validator.validate(input, now: built.addingTimeInterval(-86_400))
            Issue.record("an assertion a day before its validity was accepted")
        } catch {
            #expect(error.code == .conditionsNotYetValid)
        }
        // The validator's own time is unchanged by a call with another time.
        #expect(try validator.validate(input).nameID == "alice@example.com")
    }

    /// A clock skew that is negative, not a number, or over an hour is refused when the
    /// validator is built, rather than silently weakening (or breaking) every time check.
    @Test(arguments: [-1, .nan, .infinity, 3600.5, 86_400] as [TimeInterval])
    func unreasonableClockSkewIsRefused(_ skew: TimeInterval) throws {
        var options = try ResponseFixtures.options()
        options.clockSkew = skew
        do {
            _ = try ResponseValidator(options: options)
            Issue.record("a clock skew of \(skew) s was accepted")
        } catch {
            #expect(error.code == .optionsInvalidClockSkew)
            #expect(error.message.contains("between 0 and 3600 seconds"))
        }
    }

    @Test(arguments: [0, 120, 3600] as [TimeInterval])
    func reasonableClockSkewIsAccepted(_ skew: TimeInterval) throws {
        var options = try ResponseFixtures.options()
        options.clockSkew = skew
        let input = Data(try ResponseFixtures.text("both-signed.xml").utf8)
        #expect(try ResponseValidator(options: options).validate(input).nameID == "alice@example.com")
    }

    @Test func theReplayCacheUsesTheTimeGiven() async throws {
        let validator = try ResponseFixtures.validator()
        let input = Data(try ResponseFixtures.text("both-signed.xml").utf8)
        let cache = InMemoryAssertionReplayCache()
        let now = validator.options.now
        _ = try await validator.validate(input, now: now, replayCache: cache)
        do {
            _ = try await validator.validate(input, now: now.addingTimeInterval(1), replayCache: cache)
            Issue.record("replay accepted")
        } catch {
            #expect(error.code == .assertionReplayed)
        }
    }
}
