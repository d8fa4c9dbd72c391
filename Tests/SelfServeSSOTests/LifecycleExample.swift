import Foundation
import SelfServeSSO

// BEGIN README LIFECYCLE EXAMPLE
/// One lifecycle for the whole process: the providers, a store, the application's base URL.
func makeSelfServeSSO(storePath: String, environment: LifecycleEnvironment = LifecycleEnvironment()) throws -> SelfServeLifecycle {
    try SelfServeLifecycle(
        registry: BuiltInProviders.registry(),
        store: SQLiteStore(path: storePath),  // PostgreSQLStore(connectionString:) behind a load balancer
        settings: LifecycleSettings(serviceProviderBaseURL: "https://app.example.com", applicationName: "Example App"),
        environment: environment)  // the real DNS resolver, metadata fetcher and clock by default
}

/// The Security tab's handlers, as Acme's IT admin goes through them. Every call names who acts.
func setUpAcme(_ sso: SelfServeLifecycle, metadataXML: String, nameserver: Nameserver?) async throws -> URL {
    let admin = Principal.member(organizationID: "acme", userID: "user_42", permissions: [.manage])

    // 1. Domains: show the TXT record to create; check DNS when the admin clicks Verify.
    let domain = try await sso.addDomain("acme.com", organizationID: "acme", by: admin)
    print("Create TXT \(domain.recordName) = \(domain.recordValue)")
    let verification = try await sso.verifyDomain("acme.com", organizationID: "acme", nameserver: nameserver, by: admin)
    print(verification.check?.message ?? "acme.com is verified")

    // 2. Connection: validate and save what the admin pasted; show each issue next to its field.
    let saved = try await sso.saveConfiguration(
        ProviderConfiguration(mode: "metadata-file", values: ["metadata_xml": .text(metadataXML)]),
        providerID: "generic-saml", organizationID: "acme", by: admin)
    for issue in saved.report.issues { print(issue.field, issue.message, "Fix:", issue.fixHint) }

    // 3. Test: send the admin's browser to the IdP; the response comes back to the ACS URL.
    return try await sso.startTestRun(organizationID: "acme", by: admin).redirect.url
}

/// POST /sso/saml/acs/{connectionID}: the one endpoint that finishes test runs and sign-ins.
func assertionConsumerService(_ sso: SelfServeLifecycle, connectionID: String, form: [String: String]) async -> String {
    let outcome = await sso.receiveResponse(connectionID: connectionID, samlResponse: form["SAMLResponse"] ?? "",
                                            relayState: form["RelayState"])
    switch outcome {
    case .testCompleted(let run) where run.storedStatus == .success:
        return "Test passed: the IdP signed in \(run.user?.email ?? "")."
    case .testCompleted(let run):
        return "Test failed: " + run.errors.map { "\($0.code): \($0.message) Fix: \($0.fix ?? "")" }.joined(separator: "\n")
    case .signedIn(let user, let returnTo):
        return "Start a session for \(user.email) of \(user.organizationID), then go to \(returnTo)."
    case .refused(let refusal):
        return "Refused (\(refusal.code)); the attempt log has it as \(refusal.attemptID ?? "?")."
    }
}

/// The sign-in page: an email in, the browser out to that company's IdP.
func signIn(_ sso: SelfServeLifecycle, email: String) async throws -> URL {
    try await sso.startSignIn(email: email, returnTo: "/dashboard").redirect.url
}
// END README LIFECYCLE EXAMPLE
