import Foundation
import SAML
import SSOCore

extension SelfServeLifecycle {
    /// Starts a test sign-in of the organization's saved configuration: an AuthnRequest for
    /// it, an unguessable RelayState, and an expiry (``LifecycleSettings/testRunLifetime``).
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The pending run and where to send the admin's browser.
    /// - Throws: `connection.not-found`, `connection.not-configured`, `permission.denied`,
    ///   `organization.sso-not-allowed`, or a `store.*` error.
    public func startTestRun(organizationID: String, by principal: Principal) async throws(LifecycleError) -> TestRunStart {
        let connection = try await read { transaction in
            let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
            return try Self.requireConnection(organization, in: transaction)
        }
        guard let configuration = connection.configuration else {
            throw LifecycleError(.connectionNotConfigured,
                "The connection has no configuration to test yet. Save the identity provider's settings first.")
        }
        let date = now()
        let sp = serviceProviderSettings(for: connection)
        let (request, redirect) = try makeRequest(configuration, serviceProvider: sp, at: date)
        let run = TestRun(id: RandomToken.timeOrderedIdentifier("test", at: date), connectionID: connection.id, organizationID: organizationID,
                          configurationFingerprint: configuration.fingerprint, requestID: request.id,
                          relayStateHash: RandomToken.hash(redirect.relayState), createdAt: date,
                          expiresAt: date.addingTimeInterval(settings.testRunLifetime), startedBy: principal.description)
        try await write { transaction in
            _ = try Self.authorize(principal, organizationID, .manage, in: transaction)
            guard try transaction.connection(id: connection.id)?.configuration?.fingerprint == configuration.fingerprint else {
                throw LifecycleError(.storeConflict, "The connection's configuration changed while the test was being prepared. Start the test again.")
            }
            try transaction.insertTestRun(run)
            try Self.audit(transaction, at: date, organizationID: organizationID, actor: principal.description,
                           action: "test.started", target: run.id, after: AuditJSON.text(run))
        }
        return TestRunStart(run: run, redirect: redirect)
    }

    /// Completes a test run with the IdP's response, as an admin pasting the response would
    /// (the `sso` tool). The run is found from the RelayState, or, without one, from the
    /// response's `InResponseTo` among this organization's runs — then the response must
    /// answer exactly that run's request.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - samlResponse: The `SAMLResponse` value (base64) or the response XML.
    ///   - relayState: The RelayState, when known.
    ///   - principal: The operator, or a member with manage permission.
    /// - Returns: The completed run (successful or failed); a refusal before any run was
    ///   found (unknown, expired or completed run) comes back as the thrown refusal.
    /// - Throws: ``SignInRefusal`` when no pending run matches; `permission.denied`,
    ///   `connection.not-found` as ``LifecycleError``s wrapped in the refusal's failures.
    public func completeTestRun(organizationID: String, samlResponse: String, relayState: String?,
                                by principal: Principal) async throws(SignInRefusal) -> TestRun {
        let connection: Connection
        do {
            connection = try await read { transaction in
                let organization = try Self.authorize(principal, organizationID, .manage, in: transaction)
                return try Self.requireConnection(organization, in: transaction)
            }
        } catch {
            throw SignInRefusal(kind: .test, organizationID: organizationID, connectionID: nil,
                                failures: [Self.failure(error)], attemptID: nil)
        }
        let input = Data(samlResponse.utf8)
        let outcome = await receive(input, connectionID: connection.id, relayState: relayState, testsOnly: true)
        switch outcome {
        case .testCompleted(let run):
            return run
        case .refused(let refusal):
            throw refusal
        case .signedIn:
            // testsOnly never signs anyone in; keep the compiler and the reader sure of it.
            throw SignInRefusal(kind: .test, organizationID: organizationID, connectionID: connection.id,
                                failures: [SignInFailure(code: "test.run-not-found", message: "The response does not answer a test run.",
                                                         fix: nil, side: .user)], attemptID: nil)
        }
    }

    /// A connection's test runs, newest first.
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - limit: The most to return (1–500).
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The runs.
    /// - Throws: `connection.not-found`, `permission.denied`, or a `store.*` error.
    public func testRuns(organizationID: String, limit: Int = 50, by principal: Principal) async throws(LifecycleError) -> [TestRun] {
        let count = min(max(limit, 1), 500)
        return try await read { transaction in
            let organization = try Self.authorize(principal, organizationID, .read, in: transaction)
            let connection = try Self.requireConnection(organization, in: transaction)
            return try transaction.testRuns(connectionID: connection.id, limit: count)
        }
    }

    /// One test run.
    /// - Parameters:
    ///   - id: The run's id.
    ///   - organizationID: The organization.
    ///   - principal: The operator, or a member with read permission.
    /// - Returns: The run.
    /// - Throws: `test.run-not-found` (also for another organization's run),
    ///   `permission.denied`, or a `store.*` error.
    public func testRun(_ id: String, organizationID: String, by principal: Principal) async throws(LifecycleError) -> TestRun {
        try await read { transaction in
            _ = try Self.authorize(principal, organizationID, .read, in: transaction)
            guard let run = try transaction.testRun(id: id), run.organizationID == organizationID else {
                throw LifecycleError(.testRunNotFound, "There is no test run '\(Self.quoted(id))' for this organization.")
            }
            return run
        }
    }

    /// An AuthnRequest for a configuration and the redirect carrying it.
    func makeRequest(_ configuration: SavedConfiguration, serviceProvider: ServiceProviderSettings,
                     at date: Date) throws(LifecycleError) -> (AuthnRequest, SignInRedirect) {
        let idp = configuration.identityProvider
        guard let destination = URL(string: idp.ssoURL) else {
            throw LifecycleError(.connectionInvalidConfiguration,
                "The saved single sign-on URL '\(idp.ssoURL)' is not a URL. Save the connection's configuration again.")
        }
        let request = AuthnRequest(issueInstant: date, destination: destination,
                                   assertionConsumerServiceURL: serviceProvider.acsURL, issuer: serviceProvider.entityID,
                                   nameIDPolicyFormat: idp.nameIDFormat)
        do throws(SAMLError) {
            return (request, try SignInRedirect.make(request, binding: idp.ssoBinding, relayState: RandomToken.urlSafeSecret()))
        } catch {
            throw LifecycleError(.connectionInvalidConfiguration, error.message)
        }
    }

    /// A failure for an error met before a response could be judged.
    static func failure(_ error: any Error) -> SignInFailure {
        if let error = error as? LifecycleError {
            return SignInFailure(code: error.code.rawValue, message: error.message, fix: nil,
                                 side: error.code.rawValue.hasPrefix("store.") ? .application : .user)
        }
        return SignInFailure(code: "store.failure", message: "\(error)", fix: nil, side: .application)
    }
}
