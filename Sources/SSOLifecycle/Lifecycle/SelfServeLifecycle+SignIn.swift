import Foundation
import SAML
import SSOCore

extension SelfServeLifecycle {
    /// Where an email address signs in: the active connection of the organization that
    /// verified the address's exact domain. One indexed look-up, whatever the number of
    /// organizations.
    /// - Parameter email: The address the person typed.
    /// - Returns: The route, or nil when no active connection serves the domain.
    /// - Throws: `route.invalid-email` (or a `domain.*` code for its domain part), or a
    ///   `store.*` error.
    public func route(email: String) async throws(LifecycleError) -> ConnectionRoute? {
        let domain = try DomainName.splitEmail(email).domain
        return try await read { transaction in try transaction.activeRoute(forVerifiedDomain: domain) }
    }

    /// Starts a production sign-in: routes the email, stores a pending request and returns
    /// where to send the browser.
    /// - Parameters:
    ///   - email: The address the person typed (a hint: the assertion's email is what counts).
    ///   - returnTo: Where to send the person afterwards: a relative path on the host, such as
    ///     `/dashboard` (never a URL, so it cannot become an open redirect).
    /// - Returns: The pending request and the redirect.
    /// - Throws: `route.invalid-email`, `route.no-connection`, `sign-in.invalid-return-to`, or
    ///   a `store.*` error.
    public func startSignIn(email: String, returnTo: String = "/") async throws(LifecycleError) -> SignInStart {
        let path = try Self.checkedReturnTo(returnTo)
        let domain = try DomainName.splitEmail(email).domain
        let connection = try await read { transaction -> Connection? in
            guard let route = try transaction.activeRoute(forVerifiedDomain: domain) else { return nil }
            return try transaction.connection(id: route.connectionID)
        }
        guard let connection, connection.status == .active, let live = connection.liveConfiguration else {
            throw LifecycleError(.routeNoConnection,
                "Single sign-on is not set up for \(domain): no organization has an active SSO connection for that email domain. Sign in another way, or ask your IT admin.")
        }
        let date = now()
        let (request, redirect) = try makeRequest(live, serviceProvider: serviceProviderSettings(for: connection), at: date)
        let pending = SignInRequest(id: RandomToken.timeOrderedIdentifier("signin", at: date), connectionID: connection.id,
                                    organizationID: connection.organizationID, requestID: request.id,
                                    relayStateHash: RandomToken.hash(redirect.relayState),
                                    email: email.trimmedWhitespace, returnTo: path,
                                    createdAt: date, expiresAt: date.addingTimeInterval(settings.signInRequestLifetime))
        let tidy = housekeeping.isDue(at: date)
        let retention = settings.attemptRetention
        try await write { transaction in
            try transaction.insertSignInRequest(pending)
            if tidy {
                _ = try transaction.deleteSignInRequests(expiredBefore: date.addingTimeInterval(-3600))
                _ = try transaction.deleteAttempts(before: date.addingTimeInterval(-retention))
            }
        }
        return SignInStart(request: pending, redirect: redirect)
    }

    /// Finishes a production sign-in with the IdP's response and the RelayState that came
    /// with it.
    /// - Parameters:
    ///   - samlResponse: The `SAMLResponse` value (base64) or the response XML.
    ///   - relayState: The RelayState posted with it.
    /// - Returns: The signed-in person.
    /// - Throws: ``SignInRefusal`` with every reason, already recorded in the attempt log.
    public func finishSignIn(samlResponse: String, relayState: String) async throws(SignInRefusal) -> SignedInUser {
        switch await receive(Data(samlResponse.utf8), connectionID: nil, relayState: relayState, productionOnly: true) {
        case .signedIn(let user, _):
            return user
        case .refused(let refusal):
            throw refusal
        case .testCompleted:
            throw SignInRefusal(kind: .production, organizationID: nil, connectionID: nil, failures: [
                SignInFailure(code: "sign-in.request-not-found", message: "The RelayState belongs to a test run, not a sign-in.",
                              fix: nil, side: .user),
            ], attemptID: nil)
        }
    }

    /// Handles a SAML Response posted to a connection's ACS URL: it completes a test run or a
    /// production sign-in, found from the RelayState (or, for a test, the response's
    /// `InResponseTo` among the connection's runs), never from anything else the response
    /// claims about itself. Without either, it is an IdP-initiated sign-in, accepted only when
    /// the connection allows it. Every outcome is recorded in the attempt log.
    /// - Parameters:
    ///   - connectionID: The connection id from the ACS URL's path.
    ///   - samlResponse: The `SAMLResponse` form field.
    ///   - relayState: The `RelayState` form field, if any.
    /// - Returns: What happened.
    public func receiveResponse(connectionID: String, samlResponse: String, relayState: String?) async -> ResponseOutcome {
        await receive(Data(samlResponse.utf8), connectionID: connectionID, relayState: relayState)
    }

    // MARK: - The one path every response takes

    /// What a response answers, found before it is validated.
    private enum Target: Sendable {
        case test(TestRun, Connection)
        case signIn(SignInRequest, Connection)
        case idpInitiated(Connection)
    }

    /// The target found for a response, or why there is none.
    private enum TargetLookup: Sendable {
        case found(Context)
        case missing(SignInFailure)
    }

    /// Everything judging a response needs, read in one transaction.
    private struct Context: Sendable {
        let target: Target
    }

    func receive(_ input: Data, connectionID: String?, relayState rawRelayState: String?,
                 testsOnly: Bool = false, productionOnly: Bool = false) async -> ResponseOutcome {
        let date = now()
        let relayState = rawRelayState?.trimmedWhitespace
        let relayHash = relayState.flatMap { $0.isEmpty || $0.utf8.count > 512 ? nil : RandomToken.hash($0) }
        var answered: String?
        if relayHash == nil, connectionID != nil {
            do {
                answered = try ResponseCorrelation.inResponseTo(input)
            } catch {
                return await refuse(testsOnly ? .test : .production, organizationID: nil, connectionID: connectionID,
                                    failures: [ResponseEvaluation.plainFailure(error)], at: date)
            }
        }
        let inResponseTo = answered
        let found: TargetLookup
        do {
            found = try await read { transaction in
                try Self.findTarget(relayHash: relayHash, inResponseTo: inResponseTo, connectionID: connectionID,
                                    testsOnly: testsOnly, productionOnly: productionOnly, in: transaction)
            }
        } catch {
            return await refuse(testsOnly ? .test : .production, organizationID: nil, connectionID: connectionID,
                                failures: [Self.failure(error)], at: date)
        }
        switch found {
        case .missing(let failure):
            return await refuse(testsOnly ? .test : (inResponseTo == nil && relayHash == nil ? .idpInitiated : .production),
                                organizationID: nil, connectionID: connectionID, failures: [failure], at: date)
        case .found(let context):
            switch context.target {
            case .test(let run, let connection):
                return await completeTest(run, connection: connection, context: context, input: input, at: date)
            case .signIn(let request, let connection):
                return await completeSignIn(request, connection: connection, context: context, input: input, at: date)
            case .idpInitiated(let connection):
                return await completeIdPInitiated(connection, context: context, input: input, at: date)
            }
        }
    }

    /// Finds the test run, sign-in request or connection a response answers.
    private static func findTarget(relayHash: String?, inResponseTo: String?, connectionID: String?, testsOnly: Bool,
                                   productionOnly: Bool, in transaction: any StoreTransaction) throws -> TargetLookup {
        func context(_ target: Target, organizationID: String) throws -> TargetLookup {
            .found(Context(target: target))
        }
        func wrongACS() -> TargetLookup {
            .missing(SignInFailure(code: "sign-in.request-not-found",
                message: "The response was posted to another connection's ACS URL than the one its sign-in started from. Check the Single sign-on / Reply URL configured in the identity provider.",
                fix: nil, side: .identityProviderAdmin))
        }
        if let relayHash {
            if !testsOnly, let request = try transaction.signInRequest(relayStateHash: relayHash) {
                if let connectionID, connectionID != request.connectionID { return wrongACS() }
                guard let connection = try transaction.connection(id: request.connectionID) else {
                    return .missing(inactive(nil))
                }
                return try context(.signIn(request, connection), organizationID: request.organizationID)
            }
            if !productionOnly, let run = try transaction.testRun(relayStateHash: relayHash) {
                if let connectionID, connectionID != run.connectionID { return wrongACS() }
                guard let connection = try transaction.connection(id: run.connectionID) else {
                    return .missing(notFound(test: true))
                }
                return try context(.test(run, connection), organizationID: run.organizationID)
            }
        }
        if !productionOnly, let connectionID, let inResponseTo,
           let run = try transaction.testRun(connectionID: connectionID, requestID: inResponseTo),
           let connection = try transaction.connection(id: connectionID) {
            return try context(.test(run, connection), organizationID: run.organizationID)
        }
        if testsOnly || productionOnly || inResponseTo != nil {
            return .missing(notFound(test: testsOnly))
        }
        guard let connectionID, let connection = try transaction.connection(id: connectionID) else {
            return .missing(SignInFailure(code: "sign-in.request-not-found",
                message: "No SSO connection has this ACS URL. Copy the Single sign-on / Reply URL again from the application's SSO settings into the identity provider.",
                fix: nil, side: .identityProviderAdmin))
        }
        guard connection.allowsIdPInitiatedSignIn else {
            if relayHash != nil { return .missing(notFound(test: false)) }
            return .missing(SignInFailure(code: "sign-in.idp-initiated-disabled",
                message: "The identity provider started this sign-in itself (from its dashboard or app launcher), and this connection accepts only sign-ins started from the application. Start from the application's sign-in page, or have an admin allow IdP-initiated sign-in for the connection.",
                fix: nil, side: .identityProviderAdmin))
        }
        return try context(.idpInitiated(connection), organizationID: connection.organizationID)
    }

    private static func notFound(test: Bool) -> SignInFailure {
        test
            ? SignInFailure(code: "test.run-not-found",
                message: "The response does not answer any test run of this connection (its RelayState and InResponseTo match none). Start a new test sign-in and complete it in the same browser.",
                fix: nil, side: .user)
            : SignInFailure(code: "sign-in.request-not-found",
                message: "This sign-in is not one the application started, or it was lost (unknown RelayState). Start again from the sign-in page.",
                fix: nil, side: .user)
    }

    private static func inactive(_ connection: Connection?) -> SignInFailure {
        SignInFailure(code: "sign-in.connection-inactive",
            message: connection == nil
                ? "The SSO connection this sign-in started with no longer exists. Start again from the sign-in page."
                : "The organization's SSO connection is not active, so it cannot sign anyone in. An admin of the organization can activate it again.",
            fix: nil, side: .application)
    }

    // MARK: Test runs

    private func completeTest(_ run: TestRun, connection: Connection, context: Context, input: Data,
                              at date: Date) async -> ResponseOutcome {
        let organizationID = run.organizationID
        switch run.status(at: date) {
        case .expired:
            return await refuse(.test, organizationID: organizationID, connectionID: connection.id, testRunID: run.id, failures: [
                SignInFailure(code: "test.run-expired",
                    message: "This test sign-in expired (it was started at \(run.createdAt.formatted(Date.ISO8601FormatStyle())) and waits \(Int(settings.testRunLifetime / 60)) minutes). Start a new test.",
                    fix: nil, side: .user),
            ], at: date)
        case .success, .failed:
            return await refuse(.test, organizationID: organizationID, connectionID: connection.id, testRunID: run.id, failures: [
                SignInFailure(code: "test.run-already-completed",
                    message: "This test sign-in was already completed; a response is accepted once. Start a new test.",
                    fix: nil, side: .user),
            ], at: date)
        case .pending:
            break
        }
        let configuration = [connection.configuration, connection.liveConfiguration].compactMap { $0 }
            .first { $0.fingerprint == run.configurationFingerprint }
        guard let configuration else {
            return await refuse(.test, organizationID: organizationID, connectionID: connection.id, testRunID: run.id, failures: [
                SignInFailure(code: "test.run-expired",
                    message: "The connection's configuration was changed after this test started, so the test no longer says anything about it. Start a new test.",
                    fix: nil, side: .user),
            ], at: date)
        }
        let evaluation = ResponseEvaluation(
            kind: .test, connection: connection, configuration: configuration, plugin: registry.plugin(id: connection.providerID),
            serviceProvider: serviceProviderSettings(for: connection), clockSkew: settings.clockSkew)
        let result = evaluation.evaluate(input, expectedRequestID: run.requestID, now: date, validators: validators)
        let skew = settings.clockSkew
        do {
            return try await write { transaction in
                guard let current = try transaction.testRun(id: run.id), current.version == run.version,
                      current.storedStatus == .pending else {
                    throw StoreError(.conflict, "The test run was completed by another response.")
                }
                var completed = current
                completed.completedAt = date
                var failures: [SignInFailure] = []
                switch result {
                case .accepted(let user, let assertion):
                    if let mismatch = try evaluation.checkDomain(of: user, in: transaction) {
                        failures = [mismatch]
                    } else if try transaction.recordAssertionID(assertion.assertionID, issuer: assertion.issuer,
                                                                expiresAt: Self.replayExpiry(assertion, now: date, skew: skew), now: date) {
                        completed.storedStatus = .success
                        completed.user = user
                    } else {
                        failures = [Self.replayed(assertion)]
                    }
                case .refused(let refused):
                    failures = refused
                }
                failures = advised(failures, connection: connection)
                if !failures.isEmpty {
                    completed.storedStatus = .failed
                    completed.errors = failures
                }
                let stored = try transaction.updateTestRun(completed)
                try transaction.appendAttempt(AttemptRecord(
                    id: RandomToken.timeOrderedIdentifier("att", at: date), at: date, kind: .test,
                    outcome: failures.isEmpty ? .success : .failed, organizationID: organizationID,
                    connectionID: connection.id, testRunID: run.id, email: stored.user?.email, failures: failures,
                    details: Self.attemptDetails(result)))
                try Self.audit(transaction, at: date, organizationID: organizationID, actor: "system:acs",
                               action: failures.isEmpty ? "test.succeeded" : "test.failed", target: run.id,
                               after: AuditJSON.text(stored))
                if failures.isEmpty { try Self.promoteIfPending(run, at: date, in: transaction) }
                return .testCompleted(stored)
            }
        } catch {
            let failure = error.code == .storeConflict
                ? SignInFailure(code: "test.run-already-completed",
                    message: "Another response completed this test sign-in at the same moment; a response is accepted once. Start a new test.",
                    fix: nil, side: .user)
                : Self.failure(error)
            return await refuse(.test, organizationID: organizationID, connectionID: connection.id, testRunID: run.id,
                                failures: [failure], at: date)
        }
    }

    /// After a successful test of an active connection's pending configuration, the tested
    /// configuration replaces the live one: no outage, nothing untested goes live.
    private static func promoteIfPending(_ run: TestRun, at date: Date, in transaction: any StoreTransaction) throws {
        guard let connection = try transaction.connection(id: run.connectionID), connection.status == .active,
              connection.hasPendingChange, connection.configuration?.fingerprint == run.configurationFingerprint else { return }
        var promoted = connection
        promoted.liveConfiguration = connection.configuration
        promoted.updatedAt = date
        let stored = try transaction.updateConnection(promoted)
        try audit(transaction, at: date, organizationID: connection.organizationID, actor: "system:test-run \(run.id)",
                  action: "connection.change-promoted", target: connection.id,
                  before: AuditJSON.text(ConnectionSummary(connection)), after: AuditJSON.text(ConnectionSummary(stored)))
    }

    // MARK: Production sign-ins

    private func completeSignIn(_ request: SignInRequest, connection: Connection, context: Context, input: Data,
                                at date: Date) async -> ResponseOutcome {
        if request.consumedAt != nil {
            return await refuse(.production, organizationID: request.organizationID, connectionID: connection.id, failures: [
                SignInFailure(code: "sign-in.request-already-used",
                    message: "This sign-in was already completed; a response is accepted once. Start again from the sign-in page.",
                    fix: nil, side: .user),
            ], at: date)
        }
        if date >= request.expiresAt {
            return await refuse(.production, organizationID: request.organizationID, connectionID: connection.id, failures: [
                SignInFailure(code: "sign-in.request-expired",
                    message: "This sign-in took too long (more than \(Int(settings.signInRequestLifetime / 60)) minutes at the identity provider). Start again from the sign-in page.",
                    fix: nil, side: .user),
            ], at: date)
        }
        guard connection.status == .active, let live = connection.liveConfiguration else {
            return await refuse(.production, organizationID: request.organizationID, connectionID: connection.id,
                                failures: [Self.inactive(connection)], at: date)
        }
        let evaluation = ResponseEvaluation(
            kind: .production, connection: connection, configuration: live, plugin: registry.plugin(id: connection.providerID),
            serviceProvider: serviceProviderSettings(for: connection), clockSkew: settings.clockSkew)
        let result = evaluation.evaluate(input, expectedRequestID: request.requestID, now: date, validators: validators)
        return await finishProduction(result, evaluation: evaluation, kind: .production, request: request,
                                      connection: connection, at: date)
    }

    private func completeIdPInitiated(_ connection: Connection, context: Context, input: Data, at date: Date) async -> ResponseOutcome {
        guard connection.status == .active, let live = connection.liveConfiguration else {
            return await refuse(.idpInitiated, organizationID: connection.organizationID, connectionID: connection.id,
                                failures: [Self.inactive(connection)], at: date)
        }
        let evaluation = ResponseEvaluation(
            kind: .idpInitiated, connection: connection, configuration: live, plugin: registry.plugin(id: connection.providerID),
            serviceProvider: serviceProviderSettings(for: connection), clockSkew: settings.clockSkew)
        var result = evaluation.evaluate(input, expectedRequestID: nil, now: date, validators: validators)
        if case .accepted(_, let assertion) = result, let answered = assertion.inResponseTo {
            // A response to a request must come back with that request's RelayState; without
            // it, it cannot be tied to a sign-in this application started.
            result = .refused([SignInFailure(code: "sign-in.request-not-found",
                message: "The response answers the request '\(Self.quoted(answered))' but arrived without the RelayState of any sign-in this application started. Start again from the sign-in page.",
                fix: nil, side: .user)])
        }
        return await finishProduction(result, evaluation: evaluation, kind: .idpInitiated, request: nil,
                                      connection: connection, at: date)
    }

    /// Records a production or IdP-initiated outcome: consumes the request, checks the email's
    /// domain, records the assertion against replay, and logs the attempt, in one transaction.
    private func finishProduction(_ result: ResponseEvaluation.Result, evaluation: ResponseEvaluation,
                                  kind: AttemptRecord.Kind, request: SignInRequest?,
                                  connection: Connection, at date: Date) async -> ResponseOutcome {
        let skew = settings.clockSkew
        let attemptID = RandomToken.timeOrderedIdentifier("att", at: date)
        do {
            return try await write { transaction in
                var failures: [SignInFailure] = []
                var signedIn: SignedInUser?
                if let request {
                    // The version check refuses a request another response consumed meanwhile.
                    var consumed = request
                    consumed.consumedAt = date
                    _ = try transaction.updateSignInRequest(consumed)
                }
                switch result {
                case .accepted(let user, let assertion):
                    if let mismatch = try evaluation.checkDomain(of: user, in: transaction) {
                        failures = [mismatch]
                    } else if try transaction.recordAssertionID(assertion.assertionID, issuer: assertion.issuer,
                                                                expiresAt: Self.replayExpiry(assertion, now: date, skew: skew), now: date) {
                        signedIn = user
                    } else {
                        failures = [Self.replayed(assertion)]
                    }
                case .refused(let refused):
                    failures = refused
                }
                failures = advised(failures, connection: connection)
                try transaction.appendAttempt(AttemptRecord(
                    id: attemptID, at: date, kind: kind, outcome: signedIn == nil ? .failed : .success,
                    organizationID: connection.organizationID, connectionID: connection.id,
                    email: signedIn?.email ?? Self.observedEmail(result) ?? request?.email, failures: failures,
                    details: Self.attemptDetails(result)))
                if let signedIn { return .signedIn(signedIn, returnTo: request?.returnTo ?? "/") }
                return .refused(SignInRefusal(kind: kind, organizationID: connection.organizationID, connectionID: connection.id,
                                              failures: failures, attemptID: attemptID))
            }
        } catch {
            let failure = error.code == .storeConflict
                ? SignInFailure(code: "sign-in.request-already-used",
                    message: "Another response completed this sign-in at the same moment; a response is accepted once. Start again from the sign-in page.",
                    fix: nil, side: .user)
                : Self.failure(error)
            return await refuse(kind, organizationID: connection.organizationID, connectionID: connection.id,
                                failures: [failure], at: date)
        }
    }

    // MARK: Shared

    /// Records a refused attempt in its own transaction and returns the refusal.
    func refuse(_ kind: AttemptRecord.Kind, organizationID: String?, connectionID: String?, testRunID: String? = nil,
                failures: [SignInFailure], at date: Date) async -> ResponseOutcome {
        let attempt = AttemptRecord(id: RandomToken.timeOrderedIdentifier("att", at: date), at: date, kind: kind, outcome: .failed,
                                    organizationID: organizationID, connectionID: connectionID, testRunID: testRunID,
                                    failures: failures)
        // A post to a known connection's ACS URL belongs to its organization's log, even when
        // it was too broken to say anything about itself.
        let recorded = try? await write { transaction -> AttemptRecord in
            var attributed = attempt
            let connection = try connectionID.flatMap { try transaction.connection(id: $0) }
            if attributed.organizationID == nil { attributed.organizationID = connection?.organizationID }
            attributed.failures = advised(failures, connection: connection)
            try transaction.appendAttempt(attributed)
            return attributed
        }
        return .refused(SignInRefusal(kind: kind, organizationID: recorded?.organizationID ?? organizationID,
                                      connectionID: connectionID, failures: recorded?.failures ?? advised(failures, connection: nil),
                                      attemptID: recorded?.id))
    }

    /// The failures with the provider's fix filled in where they have none yet: from the
    /// connection's provider in its console's words, or, when no connection is known, from
    /// the shared troubleshooting sections; with the failure's values and the connection's
    /// service-provider values.
    func advised(_ failures: [SignInFailure], connection: Connection?) -> [SignInFailure] {
        guard failures.contains(where: { $0.fix == nil }) else { return failures }
        let serviceProvider = connection.map { serviceProviderSettings(for: $0) }
            ?? ServiceProviderSettings(acsURL: "", entityID: "", applicationName: settings.applicationName)
        let plugin = connection.flatMap { registry.plugin(id: $0.providerID) }
        return failures.map { failure in
            guard failure.fix == nil else { return failure }
            var advised = failure
            if let plugin {
                advised.fix = plugin.fix(for: failure.code, values: failure.details, settings: serviceProvider)?.plainText
            } else if SignInFailureCodes.contains(failure.code),
                      let section = (try? TroubleshootingGuide.shared())?.section(for: failure.code) {
                advised.fix = section.filled(with: failure.details, settings: serviceProvider).plainText
            }
            return advised
        }
    }

    /// How long an accepted assertion's ID is remembered: until it could no longer be
    /// accepted (its NotOnOrAfter plus the clock skew), or an hour when it states no end.
    static func replayExpiry(_ assertion: ValidatedAssertion, now: Date, skew: TimeInterval) -> Date {
        (assertion.notOnOrAfter ?? now.addingTimeInterval(3600)).addingTimeInterval(skew)
    }

    static func replayed(_ assertion: ValidatedAssertion) -> SignInFailure {
        SignInFailure(code: "assertion.replayed",
            message: "The assertion '\(quoted(assertion.assertionID))' was already used to sign in. A response can be used only once; start the sign-in again.",
            fix: nil, side: .user, details: ["observed_assertion_id": assertion.assertionID, "observed_issuer": assertion.issuer])
    }

    static func observedEmail(_ result: ResponseEvaluation.Result) -> String? {
        guard case .refused(let failures) = result else { return nil }
        return failures.lazy.compactMap { $0.details["observed_email"] }.first
    }

    /// What is worth keeping of a judged response for support, even on success.
    static func attemptDetails(_ result: ResponseEvaluation.Result) -> [String: String] {
        switch result {
        case .accepted(let user, let assertion):
            var details = ["observed_issuer": assertion.issuer, "observed_name_id": assertion.nameID,
                           "observed_email_domain": user.email.split(separator: "@").last.map(String.init) ?? "",
                           "signed_elements": assertion.signedElements.map(\.rawValue).joined(separator: ", ")]
            if let format = assertion.nameIDFormat { details["observed_name_id_format"] = format }
            return details
        case .refused(let failures):
            return failures.reduce(into: [:]) { merged, failure in
                merged.merge(failure.details) { first, _ in first }
            }
        }
    }

    /// Checks a return-to path: relative to the host (starts with one `/`), no scheme, no
    /// backslash, no control characters, at most 2,048 bytes; empty means `/`. Sign-in uses
    /// it so that it can never redirect a person to another site.
    /// - Parameter path: The path as given.
    /// - Returns: The path to redirect to.
    /// - Throws: `sign-in.invalid-return-to`.
    public static func checkedReturnTo(_ path: String) throws(LifecycleError) -> String {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "/" }
        let refused = !trimmed.hasPrefix("/") || trimmed.hasPrefix("//") || trimmed.contains("\\")
            || trimmed.utf8.count > 2048
            || trimmed.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        guard !refused else {
            throw LifecycleError(.signInInvalidReturnTo,
                "The return path '\(quoted(trimmed))' is not a path on this site. Use a path that starts with a single '/', such as /dashboard; addresses of other sites are refused so that sign-in cannot be used to redirect people elsewhere.")
        }
        return trimmed
    }
}

extension ResponseEvaluation {
    /// A failure for a SAML error met before any configuration was known (a garbage post).
    static func plainFailure(_ error: SAMLError) -> SignInFailure {
        SignInFailure(code: error.code.rawValue, message: error.message, fix: nil,
                      side: FailureAdvice.side(for: error.code.rawValue), details: FailureAdvice.details(of: error))
    }
}
