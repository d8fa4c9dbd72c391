import Foundation
import Testing
@testable import SAML

@Suite struct ReplayCacheTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func refusesAReplayUntilExpiry() async {
        let cache = InMemoryAssertionReplayCache()
        let expiry = start.addingTimeInterval(300)
        #expect(await cache.recordAssertion(id: "_a1", expiresAt: expiry, now: start))
        #expect(await cache.recordAssertion(id: "_a1", expiresAt: expiry, now: start.addingTimeInterval(10)) == false)
        #expect(await cache.recordAssertion(id: "_a2", expiresAt: expiry, now: start.addingTimeInterval(10)))
        #expect(await cache.recordAssertion(id: "_a1", expiresAt: expiry, now: start.addingTimeInterval(299)) == false)
        // After expiry the ID is forgotten (the assertion itself is no longer acceptable).
        #expect(await cache.recordAssertion(id: "_a1", expiresAt: start.addingTimeInterval(900), now: expiry))
    }

    @Test func forgetsExpiredEntries() async {
        let cache = InMemoryAssertionReplayCache()
        for index in 0..<100 {
            _ = await cache.recordAssertion(id: "_\(index)", expiresAt: start.addingTimeInterval(60), now: start)
        }
        #expect(await cache.count == 100)
        _ = await cache.recordAssertion(id: "_new", expiresAt: start.addingTimeInterval(600), now: start.addingTimeInterval(120))
        #expect(await cache.count == 1)
    }

    @Test func concurrentRecordsAcceptOnce() async {
        let cache = InMemoryAssertionReplayCache()
        let start = start
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask { await cache.recordAssertion(id: "_same", expiresAt: start.addingTimeInterval(60), now: start) }
            }
            var count = 0
            for await result in group where result { count += 1 }
            return count
        }
        #expect(accepted == 1)
    }

    @Test func validatorRefusesTheSameResponseTwice() async throws {
        let validator = try ResponseFixtures.validator()
        let cache = InMemoryAssertionReplayCache()
        let input = Data(try ResponseFixtures.text("both-signed.xml").utf8)
        let first = try await validator.validate(input, replayCache: cache)
        #expect(first.nameID == "alice@example.com")
        do {
            _ = try await validator.validate(input, replayCache: cache)
            Issue.record("replay accepted")
        } catch {
            #expect(error.code == .assertionReplayed)
        }
    }
}
