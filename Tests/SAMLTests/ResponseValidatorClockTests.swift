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
