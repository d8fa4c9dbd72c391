import Foundation
import Testing
import SelfServeSSO
import SelfServeSSOTestKit

/// Test sign-ins: a response found from its RelayState (or InResponseTo), validated with the
/// tested configuration, read through the provider's mapping, recorded once.
@Suite struct TestRunTests {
    @Test("a successful test records the person the IdP sent, logs the attempt and audits it", arguments: StoreKind.allCases)
    func success(kind: StoreKind) async throws {
        let harness = try await SignInHarness.make(kind, activate: false)
        let run = try await harness.passingTest()
        #expect(run.storedStatus == .success)
        #expect(run.completedAt == harness.now)
        let user = try #require(run.user)
        #expect(user.email == "alice@acme.com")
        #expect(user.firstName == "Alice")
        #expect(user.lastName == "Liddell")
        #expect(user.nameID == "alice@acme.com")
        #expect(user.attributes["groups"] == ["admins", "staff"])
        #expect(user.organizationID == "acme")
        #expect(user.connectionID == harness.connection.id)
        #expect(user.issuer == harness.idp.entityID)
        #expect(run.errors.isEmpty)

        let attempts = try await harness.lifecycle.attempts(organizationID: "acme", by: harness.base.reader("acme"))
        #expect(attempts.first?.kind == .test)
        #expect(attempts.first?.outcome == .success)
        #expect(attempts.first?.testRunID == run.id)
        #expect(attempts.first?.details["observed_issuer"] == harness.idp.entityID)
        let audit = try await harness.lifecycle.auditLog(organizationID: "acme", by: harness.base.reader("acme"))
        #expect(audit.first?.action == "test.succeeded")
        let stored = try await harness.lifecycle.testRun(run.id, organizationID: "acme", by: harness.admin)
        #expect(stored == run)
    }

    /// Each broken response, the code the run records, and who must act.
    static let failures: [(String, ResponseOptions, String, ActingSide)] = [
        ("wrong audience", ResponseOptions(audience: "https://elsewhere.example/metadata"), "conditions.audience-mismatch", .identityProviderAdmin),
        ("wrong recipient", ResponseOptions(recipient: "https://elsewhere.example/acs"), "subject-confirmation.recipient-mismatch", .identityProviderAdmin),
        ("wrong destination", ResponseOptions(destination: "https://elsewhere.example/acs"), "response.destination-mismatch", .identityProviderAdmin),
        ("unsigned", ResponseOptions(signing: .none), "signature.missing", .identityProviderAdmin),
        ("other key", ResponseOptions(signingKey: TestKeys.other), "signature.untrusted-key", .identityProviderAdmin),
        ("tampered", ResponseOptions(tampering: .modifyNameID(to: "mallory@acme.com")), "signature.digest-mismatch", .identityProviderAdmin),
        ("expired", ResponseOptions(notOnOrAfterOffset: -600), "conditions.expired", .user),
        ("wrong issuer", ResponseOptions(assertionIssuer: "https://evil.example/idp"), "response.issuer-mismatch", .identityProviderAdmin),
        ("answers another request", ResponseOptions(inResponseTo: .value("_another")), "response.in-response-to-mismatch", .user),
        ("IdP refused", ResponseOptions(status: .init(code: "urn:oasis:names:tc:SAML:2.0:status:Responder", message: "not assigned")), "response.status", .identityProviderAdmin),
    ]

    @Test("a broken response fails the run with its code, message, fix and side", arguments: failures.indices)
    func failure(index: Int) async throws {
        let (name, options, code, side) = Self.failures[index]
        let harness = try await SignInHarness.make(activate: false)
        let (start, response) = try await harness.testResponse(options: options)
        let run = try #require(await harness.post(response).testRun, "\(name)")
        #expect(run.id == start.run.id)
        #expect(run.storedStatus == .failed, "\(name)")
        #expect(run.errors.map(\.code) == [code], "\(name)")
        #expect(run.errors.first?.side == side, "\(name)")
        #expect(run.errors.first?.message.isEmpty == false)
        #expect(run.user == nil)
        let attempts = try await harness.lifecycle.attempts(organizationID: "acme", by: harness.admin)
        #expect(attempts.first?.outcome == .failed)
        #expect(attempts.first?.failures.map(\.code) == [code])
        // A failed configuration cannot be activated.
        await #expect(throws: LifecycleError.self) { _ = try await harness.lifecycle.activate(organizationID: "acme", by: harness.admin) }
    }

    @Test("the provider's fix is attached to failures it knows")
    func providerFix() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let (_, response) = try await harness.testResponse(options: ResponseOptions(audience: "https://elsewhere.example/metadata"))
        let run = try #require(await harness.post(response).testRun)
        let failure = try #require(run.errors.first)
        let fix = try #require(failure.fix)
        // The SAML layer's structured values reach the provider's steps, filled in.
        #expect(failure.details["observed_audience"] == "https://elsewhere.example/metadata")
        #expect(failure.details["expected_audience"] == harness.lifecycle.serviceProviderSettings(for: harness.connection).entityID)
        #expect(fix.contains("https://elsewhere.example/metadata"))
        #expect(fix.contains(harness.lifecycle.serviceProviderSettings(for: harness.connection).entityID))
        #expect(!fix.contains("{{"))
        // Refusals of the lifecycle's own get the provider's (or the shared) steps too.
        harness.base.clock.advance(by: 16 * 60)
        let (_, late) = try await harness.testResponse()
        harness.base.clock.advance(by: 16 * 60)
        guard case .refused(let refusal) = await harness.post(late) else {
            Issue.record("an expired run accepted a response")
            return
        }
        #expect(refusal.failures.first?.code == "test.run-expired")
        #expect(refusal.failures.first?.fix?.isEmpty == false)
    }

    @Test("every sign-in failure code the lifecycle writes has troubleshooting in every provider")
    func failureCodesAreKnown() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/SSOLifecycle")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        // A failure's code is written as `SignInFailure(code: "…"` or chosen by the kind of
        // sign-in: `kind == .test ? "test.…" : "sign-in.…"`.
        let patterns = [try Regex(#"SignInFailure\(code: "([a-z.-]+)""#),
                        try Regex(#"kind == \.test \? "([a-z.-]+)" : "([a-z.-]+)""#)]
        var codes: Set<String> = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for pattern in patterns {
                for match in text.matches(of: pattern) {
                    for index in 1..<match.output.count {
                        if let code = match.output[index].substring { codes.insert(String(code)) }
                    }
                }
            }
        }
        // A store failure is the application's to fix (side `application`); no IdP console
        // step answers it, so it has no troubleshooting section.
        codes = codes.filter { !$0.hasPrefix("store.") }
        #expect(codes.count >= 12)
        for code in codes.sorted() {
            #expect(SignInFailureCodes.contains(code), "the lifecycle writes \(code), which has no troubleshooting")
        }
        for plugin in BuiltInProviders.all {
            let guide = try plugin.troubleshootingGuide()
            for code in codes.sorted() {
                #expect(guide.section(for: code) != nil, "\(plugin.descriptor.id) has no section for \(code)")
            }
        }
    }

    @Test("an email attribute that is missing, and a NameID that is not an email, fail with what did arrive")
    func missingEmail() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let guest = TestUser(email: "alice@acme.com", nameID: "alice_acme.com#EXT#@tenant.onmicrosoft.com",
                             nameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                             extraAttributes: ["department": ["Sales"]])
        let (_, response) = try await harness.testResponse(user: guest, options: ResponseOptions(omitEmailAttribute: true))
        let run = try #require(await harness.post(response).testRun)
        let failure = try #require(run.errors.first)
        #expect(failure.code == "test.user-attribute-missing")
        #expect(failure.details["observed_name_id"] == guest.nameID)
        #expect(failure.details["observed_attribute_names"]?.contains("department") == true)
        #expect(failure.message.contains("#EXT#"))
        #expect(failure.side == .identityProviderAdmin)
    }

    @Test("the NameID is the email when no email attribute is sent and the NameID is an address")
    func nameIDAsEmail() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let (_, response) = try await harness.testResponse(options: ResponseOptions(omitEmailAttribute: true))
        let run = try #require(await harness.post(response).testRun)
        #expect(run.storedStatus == .success)
        #expect(run.user?.email == "alice@acme.com")
    }

    @Test("an email outside the organization's verified domains fails the test")
    func emailDomainMismatch() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let outsider = TestUser(email: "bob@globex.com")
        let (_, response) = try await harness.testResponse(user: outsider)
        let run = try #require(await harness.post(response).testRun)
        #expect(run.errors.map(\.code) == ["test.email-domain-mismatch"])
        #expect(run.errors.first?.details["observed_email_domain"] == "globex.com")
        #expect(run.errors.first?.details["verified_domains"] == "acme.com")
    }

    @Test("a run completes once: the same response again, or another response, is refused")
    func completesOnce() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let (start, response) = try await harness.testResponse()
        #expect(await harness.post(response).testRun?.storedStatus == .success)
        #expect(await harness.post(response).refusalCodes == ["test.run-already-completed"])
        let request = try harness.idp.parseAuthnRequest(redirectURL: start.redirect.url)
        let second = try harness.idp.response(to: request, user: harness.alice, now: harness.now)
        #expect(await harness.post(second).refusalCodes == ["test.run-already-completed"])
        let run = try await harness.lifecycle.testRun(start.run.id, organizationID: "acme", by: harness.admin)
        #expect(run.storedStatus == .success)
    }

    @Test("concurrent posts of one response complete the run exactly once")
    func concurrentCompletion() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let (_, response) = try await harness.testResponse()
        let outcomes = await withTaskGroup(of: ResponseOutcome.self) { group in
            for _ in 0..<8 { group.addTask { await harness.post(response) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0.testRun?.storedStatus == .success }.count == 1)
        #expect(outcomes.filter { $0.refusalCodes == ["test.run-already-completed"] }.count == 7)
    }

    @Test("without a RelayState the run is found from InResponseTo, and the response must answer it")
    func foundByInResponseTo() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let (start, response) = try await harness.testResponse()
        let run = try #require(await harness.post(response, relayState: .some(nil)).testRun)
        #expect(run.id == start.run.id)
        #expect(run.storedStatus == .success)
        // A response naming a request nobody made finds nothing (test or sign-in: without a
        // RelayState nothing says which).
        let (_, stray) = try await harness.testResponse(options: ResponseOptions(inResponseTo: .value("_nobody-asked")))
        #expect(await harness.post(stray, relayState: .some(nil)).refusalCodes == ["sign-in.request-not-found"])
    }

    @Test("the tool's path: complete by organization, with or without the RelayState")
    func completeByOrganization() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let (_, response) = try await harness.testResponse()
        let run = try await harness.lifecycle.completeTestRun(organizationID: "acme", samlResponse: response.samlResponse,
                                                              relayState: nil, by: harness.admin)
        #expect(run.storedStatus == .success)
        await #expect(throws: SignInRefusal.self) {
            _ = try await harness.lifecycle.completeTestRun(organizationID: "acme", samlResponse: response.samlResponse,
                                                            relayState: response.relayState, by: harness.admin)
        }
        do {
            _ = try await harness.lifecycle.completeTestRun(organizationID: "acme", samlResponse: response.samlResponse,
                                                            relayState: nil, by: harness.base.manager("globex"))
            Issue.record("another organization's admin completed acme's test")
        } catch {
            #expect(error.failures.map(\.code) == ["permission.denied"])
        }
    }

    @Test("an expired run refuses its response")
    func expiredRun() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let (_, response) = try await harness.testResponse()
        harness.base.clock.advance(by: 16 * 60)
        #expect(await harness.post(response).refusalCodes == ["test.run-expired"])
    }

    @Test("a response posted to another connection's ACS URL is refused")
    func wrongACS() async throws {
        let harness = try await SignInHarness.make(activate: false)
        let globex = try await harness.lifecycle.saveConfiguration(
            ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(harness.idp.metadataXML)]),
            providerID: "generic-saml", organizationID: "globex", by: harness.base.manager("globex"))
        let other = try #require(globex.connection)
        let (_, response) = try await harness.testResponse()
        let outcome = await harness.lifecycle.receiveResponse(connectionID: other.id, samlResponse: response.samlResponse,
                                                              relayState: response.relayState)
        #expect(outcome.refusalCodes == ["sign-in.request-not-found"])
    }

    @Test("garbage at the ACS URL is refused with the parser's code and logged")
    func garbage() async throws {
        let harness = try await SignInHarness.make(activate: false)
        for (input, code) in [("not base64 at all!", "xml.not-base64"), ("", "xml.empty"),
                              (Data("<!DOCTYPE x><x/>".utf8).base64EncodedString(), "xml.doctype-forbidden")] {
            let outcome = await harness.lifecycle.receiveResponse(connectionID: harness.connection.id, samlResponse: input, relayState: nil)
            #expect(outcome.refusalCodes == [code])
        }
        let unknown = await harness.lifecycle.receiveResponse(connectionID: "conn_nope", samlResponse: "PHg+", relayState: "whatever")
        #expect(unknown.refusalCodes == ["sign-in.request-not-found"])
        let attempts = try await harness.lifecycle.attempts(organizationID: "acme", by: harness.admin)
        #expect(attempts.prefix(3).map { $0.failures.first?.code } == ["xml.doctype-forbidden", "xml.empty", "xml.not-base64"])
        #expect(attempts.prefix(3).allSatisfy { $0.connectionID == harness.connection.id && $0.outcome == .failed })
    }
}
