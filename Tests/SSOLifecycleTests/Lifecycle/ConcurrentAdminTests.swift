import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import SSOPostgreSQL
import Testing

/// Two admins changing one connection at once, through one server or through two servers on
/// one database: one change wins and the other is refused with `connection.changed`, never
/// a mix (a live configuration that was not the tested one, or half of each save).
@Suite struct ConcurrentAdminTests {
    static func code(_ body: () async throws -> Void) async -> String? {
        await AccessTests.code(body)
    }

    @Test("a save or an activation made from a page showing an older version is refused with connection.changed",
          arguments: StoreKind.allCases)
    func staleVersionsAreRefused(kind: StoreKind) async throws {
        let harness = try await SignInHarness.make(kind, activate: false)
        let lifecycle = harness.lifecycle
        let seen = try await lifecycle.connectionDetails(organizationID: "acme", by: harness.admin).connection
        let original = try #require(seen.configuration?.fingerprint)

        // Another admin saves new settings from the same page.
        let other = TestIdentityProvider(ssoURL: URL(string: "https://idp.example.test/other-sso")!, signingKey: TestKeys.idp)
        let saved = try await lifecycle.saveConfiguration(Self.configuration(other), providerID: "generic-saml",
                                                          organizationID: "acme", expectedVersion: seen.version, by: harness.admin)
        let newer = try #require(saved.connection)
        #expect(newer.version > seen.version)
        #expect(newer.configuration?.fingerprint != original)

        // The first admin's save and activation, from the page showing `seen`, are refused.
        #expect(await Self.code {
            _ = try await lifecycle.saveConfiguration(Self.configuration(harness.idp), providerID: "generic-saml",
                                                      organizationID: "acme", expectedVersion: seen.version, by: harness.admin)
        } == "connection.changed")
        #expect(await Self.code {
            _ = try await lifecycle.activate(organizationID: "acme", expectedVersion: seen.version, by: harness.admin)
        } == "connection.changed")
        let after = try await lifecycle.connectionDetails(organizationID: "acme", by: harness.admin).connection
        #expect(after.version == newer.version)
        #expect(after.configuration?.fingerprint == newer.configuration?.fingerprint)
        #expect(after.status == .draft)
        #expect(after.liveConfiguration == nil)

        // The refusal says who changed it and what to do.
        do {
            _ = try await lifecycle.activate(organizationID: "acme", expectedVersion: seen.version, by: harness.admin)
            Issue.record("a stale activation was accepted")
        } catch {
            #expect(error.message.contains("member:acme/admin@acme"))
            #expect(error.message.contains("reload the page"))
        }

        // Without a version, or with the current one, the rules are the usual ones: the new
        // settings were never tested, so activation waits for a test.
        #expect(await Self.code {
            _ = try await lifecycle.activate(organizationID: "acme", expectedVersion: after.version, by: harness.admin)
        } == "activation.requires-successful-test")
        #expect(await Self.code {
            _ = try await lifecycle.activate(organizationID: "acme", by: harness.admin)
        } == "activation.requires-successful-test")
    }

    @Test("two servers on one store: an admin activating while another saves new settings — one wins, one gets connection.changed",
          arguments: StoreKind.allCases)
    func activationRacesAnEdit(kind: StoreKind) async throws {
        let servers = try TwoServers(kind)
        defer { servers.close() }
        var winners: [String: Int] = [:]
        for round in 0..<6 {
            let org = "acme\(round)"
            let (first, tested) = try await servers.testedConnection(org)
            let other = TestIdentityProvider(ssoURL: URL(string: "https://idp.example.test/sso-\(round)")!, signingKey: TestKeys.idp)
            let admin = servers.admin(org)
            async let activation = Self.code {
                // Odd rounds give the edit a head start, so that both orders are exercised.
                if round % 2 == 1 { try await Task.sleep(for: .milliseconds(20)) }
                _ = try await servers.a.activate(organizationID: org, expectedVersion: first.version, by: admin)
            }
            async let edit = Self.code {
                _ = try await servers.b.saveConfiguration(Self.configuration(other), providerID: "generic-saml",
                                                          organizationID: org, expectedVersion: first.version, by: admin)
            }
            let (activated, edited) = await (activation, edit)
            #expect([activated, edited].filter { $0 == nil }.count == 1, "round \(round): activation \(activated ?? "ok"), edit \(edited ?? "ok")")
            #expect([activated, edited].contains("connection.changed"), "round \(round)")

            // Read through either server: the state is the winner's, whole.
            for lifecycle in [servers.a, servers.b] {
                let now = try await lifecycle.connectionDetails(organizationID: org, by: admin).connection
                if activated == nil {
                    #expect(now.status == .active)
                    #expect(now.liveConfiguration?.fingerprint == tested)
                    #expect(now.configuration?.fingerprint == tested)
                } else {
                    #expect(now.status == .draft)
                    #expect(now.liveConfiguration == nil)
                    #expect(now.configuration?.fingerprint != tested)
                    #expect(now.configuration?.identityProvider.ssoURL == "https://idp.example.test/sso-\(round)")
                }
            }
            winners[activated == nil ? "activation" : "edit", default: 0] += 1
        }
        #expect(winners.values.reduce(0, +) == 6)
    }

    @Test("two servers on one store: two admins saving different settings at once — one is saved whole, the other refused",
          arguments: StoreKind.allCases)
    func twoEditsRace(kind: StoreKind) async throws {
        let servers = try TwoServers(kind)
        defer { servers.close() }
        for round in 0..<6 {
            let org = "globex\(round)"
            let (first, _) = try await servers.testedConnection(org)
            let admin = servers.admin(org)
            let left = TestIdentityProvider(ssoURL: URL(string: "https://idp.example.test/left")!, signingKey: TestKeys.idp)
            let right = TestIdentityProvider(ssoURL: URL(string: "https://idp.example.test/right")!, signingKey: TestKeys.other)
            async let saveLeft = Self.code {
                _ = try await servers.a.saveConfiguration(Self.configuration(left), providerID: "generic-saml",
                                                          organizationID: org, expectedVersion: first.version, by: admin)
            }
            async let saveRight = Self.code {
                _ = try await servers.b.saveConfiguration(Self.configuration(right), providerID: "generic-saml",
                                                          organizationID: org, expectedVersion: first.version, by: admin)
            }
            let (leftResult, rightResult) = await (saveLeft, saveRight)
            #expect([leftResult, rightResult].filter { $0 == nil }.count == 1, "round \(round): \(leftResult ?? "ok") / \(rightResult ?? "ok")")
            #expect([leftResult, rightResult].contains("connection.changed"))
            let winner = leftResult == nil ? left : right
            let now = try await servers.b.connectionDetails(organizationID: org, by: admin).connection
            let saved = try #require(now.configuration)
            // Whole: the SSO URL and the certificate are the same save's.
            #expect(saved.identityProvider.ssoURL == winner.ssoURL.absoluteString)
            #expect(saved.identityProvider.certificates.count == 1)
            #expect(saved.identityProvider.certificates.first?.subject.contains(leftResult == nil ? "Lifecycle Test IdP" : "Someone Else") == true)
            #expect(now.version == first.version + 1)
        }
    }

    // MARK: - Support

    static func configuration(_ idp: TestIdentityProvider) -> ProviderConfiguration {
        ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(idp.metadataXML)])
    }
}

/// Two lifecycles ("servers") over one database: two `SQLiteStore`s on one file, two
/// `PostgreSQLStore`s on one schema, or one `InMemoryStore` shared by both.
struct TwoServers {
    let a: SelfServeLifecycle
    let b: SelfServeLifecycle
    let dns = StubTXTResolver()
    let clock = TestClock()
    let close: @Sendable () -> Void
    let idp = TestIdentityProvider(signingKey: TestKeys.idp)

    init(_ kind: StoreKind) throws {
        let first: any LifecycleStore
        let second: any LifecycleStore
        switch kind {
        case .inMemory:
            first = InMemoryStore()
            second = first
            close = {}
        case .sqlite:
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("sso-two-servers-\(UUID().uuidString)").appendingPathComponent("store.sqlite").path
            first = try SQLiteStore(path: path)
            second = try SQLiteStore(path: path)
            close = {}
        case .postgreSQL:
            let disposable = try DisposablePostgreSQLStore()
            let url = try #require(DisposablePostgreSQLStore.url)
            let other = try PostgreSQLStore(connectionString: url,
                                            options: .init(schema: disposable.store.options.schema, maximumConnections: 4))
            first = disposable
            second = other
            close = { other.close() }
        }
        let clock = self.clock
        let settings = try LifecycleSettings(serviceProviderBaseURL: "https://app.example.com")
        a = SelfServeLifecycle(registry: BuiltInProviders.registry(), store: first, settings: settings,
                               environment: LifecycleEnvironment(now: { clock.now() }, txtResolver: dns, metadataFetcher: nil))
        b = SelfServeLifecycle(registry: BuiltInProviders.registry(), store: second, settings: settings,
                               environment: LifecycleEnvironment(now: { clock.now() }, txtResolver: dns, metadataFetcher: nil))
    }

    func admin(_ org: String) -> Principal {
        .member(organizationID: org, userID: "admin@\(org)", permissions: [.manage])
    }

    /// An organization with a verified domain and a configuration that passed a test, not
    /// active yet: the connection as both admins' pages show it, and its fingerprint.
    func testedConnection(_ org: String) async throws -> (Connection, String) {
        let ops = Principal.operator(name: "ops")
        _ = try await a.createOrganization(id: org, name: "\(org) Inc", by: ops)
        _ = try await a.setSSOAllowed(true, organizationID: org, by: ops)
        let domain = try await a.addDomain("\(org).com", organizationID: org, by: admin(org))
        dns.publish(domain.recordName, values: [domain.recordValue])
        _ = try await b.verifyDomain("\(org).com", organizationID: org, by: admin(org))
        let saved = try await a.saveConfiguration(ConcurrentAdminTests.configuration(idp), providerID: "generic-saml",
                                                  organizationID: org, by: admin(org))
        let connection = try #require(saved.connection)
        let start = try await a.startTestRun(organizationID: org, by: admin(org))
        let response = try idp.response(to: try idp.parseAuthnRequest(redirectURL: start.redirect.url),
                                        user: TestUser(email: "jane@\(org).com"), now: clock.now())
        // The test completes through the other server.
        guard case .testCompleted(let run) = await b.receiveResponse(connectionID: connection.id, samlResponse: response.samlResponse,
                                                                     relayState: response.relayState),
              run.storedStatus == .success else {
            throw LifecycleError(.testRunNotFound, "the test sign-in did not pass")
        }
        let seen = try await b.connectionDetails(organizationID: org, by: admin(org)).connection
        return (seen, try #require(seen.configuration?.fingerprint))
    }
}
