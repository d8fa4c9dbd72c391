import Foundation
import Testing
import SelfServeSSO

/// Who may read and change an organization's SSO setup: the operator; a member of that
/// organization with read (see) or manage (see and change); nobody else, ever.
@Suite struct AccessTests {
    /// Every read the lifecycle offers on one organization, as a closure over a principal.
    static let reads: [(String, @Sendable (SelfServeLifecycle, Principal) async throws -> Void)] = [
        ("organization", { _ = try await $0.organization("acme", by: $1) }),
        ("overview", { _ = try await $0.overview(organizationID: "acme", by: $1) }),
        ("domains", { _ = try await $0.domains(organizationID: "acme", by: $1) }),
        ("connection", { _ = try await $0.connectionDetails(organizationID: "acme", by: $1) }),
        ("test runs", { _ = try await $0.testRuns(organizationID: "acme", by: $1) }),
        ("attempts", { _ = try await $0.attempts(organizationID: "acme", by: $1) }),
        ("audit log", { _ = try await $0.auditLog(organizationID: "acme", by: $1) }),
        ("setup links", { _ = try await $0.setupLinks(organizationID: "acme", by: $1) }),
        ("certificates", { _ = try await $0.expiringCertificates(organizationID: "acme", by: $1) }),
    ]

    /// Every change, as a closure over a principal.
    static let changes: [(String, @Sendable (SelfServeLifecycle, Principal) async throws -> Void)] = [
        ("add domain", { _ = try await $0.addDomain("other.example", organizationID: "acme", by: $1) }),
        ("verify domain", { _ = try await $0.verifyDomain("acme.com", organizationID: "acme", by: $1) }),
        ("remove domain", { try await $0.removeDomain("acme.com", organizationID: "acme", by: $1) }),
        ("save configuration", {
            _ = try await $0.saveConfiguration(try LifecycleHarness.manualConfiguration(), providerID: "generic-saml",
                                               organizationID: "acme", by: $1)
        }),
        ("choose provider", { _ = try await $0.chooseProvider("generic-saml", organizationID: "acme", by: $1) }),
        ("change provider", { _ = try await $0.changeProvider(to: "okta", organizationID: "acme", by: $1) }),
        ("start test", { _ = try await $0.startTestRun(organizationID: "acme", by: $1) }),
        ("activate", { _ = try await $0.activate(organizationID: "acme", by: $1) }),
        ("deactivate", { _ = try await $0.deactivate(organizationID: "acme", by: $1) }),
        ("reset", { try await $0.resetConnection(organizationID: "acme", by: $1) }),
        ("IdP-initiated switch", { _ = try await $0.setIdPInitiatedSignIn(true, organizationID: "acme", by: $1) }),
        ("create setup link", { _ = try await $0.createSetupLink(organizationID: "acme", by: $1) }),
        ("refresh metadata", { _ = try await $0.refreshMetadata(organizationID: "acme", by: $1) }),
    ]

    /// An organization with a domain and a saved connection, and a second organization.
    static func harness() async throws -> LifecycleHarness {
        let harness = try LifecycleHarness()
        try await harness.organization("acme")
        try await harness.organization("globex")
        try await harness.verifiedDomain("acme.com", organizationID: "acme")
        _ = try await harness.lifecycle.saveConfiguration(try LifecycleHarness.manualConfiguration(), providerID: "generic-saml",
                                                          organizationID: "acme", by: harness.manager("acme"))
        return harness
    }

    static func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as LifecycleError {
            return error.code.rawValue
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test("a member of another organization can neither read nor change anything", arguments: reads.indices)
    func otherOrganizationCannotRead(index: Int) async throws {
        let harness = try await Self.harness()
        let (name, read) = Self.reads[index]
        let outsider = harness.manager("globex")
        let code = await Self.code { try await read(harness.lifecycle, outsider) }
        #expect(code == "permission.denied", "\(name)")
    }

    @Test("a member of another organization cannot change anything", arguments: changes.indices)
    func otherOrganizationCannotChange(index: Int) async throws {
        let harness = try await Self.harness()
        let (name, change) = Self.changes[index]
        let before = try await harness.lifecycle.auditLog(organizationID: "acme", limit: 1000, by: harness.operatorPrincipal)
        let code = await Self.code { try await change(harness.lifecycle, harness.manager("globex")) }
        #expect(code == "permission.denied", "\(name)")
        let after = try await harness.lifecycle.auditLog(organizationID: "acme", limit: 1000, by: harness.operatorPrincipal)
        #expect(after == before, "\(name) left a trace in another organization's audit log")
    }

    @Test("read permission sees everything and changes nothing", arguments: changes.indices)
    func readOnlyCannotChange(index: Int) async throws {
        let harness = try await Self.harness()
        let (name, change) = Self.changes[index]
        let code = await Self.code { try await change(harness.lifecycle, harness.reader("acme")) }
        #expect(code == "permission.denied", "\(name)")
    }

    @Test("read permission reads", arguments: reads.indices)
    func readPermissionReads(index: Int) async throws {
        let harness = try await Self.harness()
        let (name, read) = Self.reads[index]
        let code = await Self.code { try await read(harness.lifecycle, harness.reader("acme")) }
        #expect(code == nil, "\(name)")
    }

    @Test("a member without the SSO permissions is refused even in its own organization")
    func noPermissions() async throws {
        let harness = try await Self.harness()
        let member = Principal.member(organizationID: "acme", userID: "u", permissions: [Permission(rawValue: "org:billing:manage")])
        for (name, read) in Self.reads {
            #expect(await Self.code { try await read(harness.lifecycle, member) } == "permission.denied", "\(name)")
        }
    }

    @Test("without the operator's permission every change is refused, reads still work", arguments: changes.indices)
    func ssoNotAllowed(index: Int) async throws {
        let harness = try await Self.harness()
        _ = try await harness.lifecycle.setSSOAllowed(false, organizationID: "acme", by: harness.operatorPrincipal)
        let (name, change) = Self.changes[index]
        #expect(await Self.code { try await change(harness.lifecycle, harness.manager("acme")) } == "organization.sso-not-allowed", "\(name)")
        #expect(await Self.code { try await change(harness.lifecycle, harness.operatorPrincipal) } == "organization.sso-not-allowed", "\(name)")
        #expect(await Self.code { _ = try await harness.lifecycle.domains(organizationID: "acme", by: harness.reader("acme")) } == nil)
    }

    @Test("only the operator registers organizations, allows SSO and lists organizations")
    func operatorOnly() async throws {
        let harness = try await Self.harness()
        let admin = harness.manager("acme")
        #expect(await Self.code { _ = try await harness.lifecycle.createOrganization(id: "x", name: "X", by: admin) } == "permission.denied")
        #expect(await Self.code { _ = try await harness.lifecycle.setSSOAllowed(true, organizationID: "acme", by: admin) } == "permission.denied")
        #expect(await Self.code { _ = try await harness.lifecycle.organizations(by: admin) } == "permission.denied")
        #expect(await Self.code { _ = try await harness.lifecycle.expiringCertificates(by: admin) } == "permission.denied")
        #expect(await Self.code { _ = try await harness.lifecycle.refreshAllMetadata(by: admin) } == "permission.denied")
        let all = try await harness.lifecycle.organizations(by: harness.operatorPrincipal)
        #expect(all.map(\.id) == ["acme", "globex"])
    }

    @Test("a member asking about an organization that does not exist learns nothing more than permission.denied")
    func unknownOrganization() async throws {
        let harness = try await Self.harness()
        #expect(await Self.code { _ = try await harness.lifecycle.domains(organizationID: "nope", by: harness.manager("acme")) } == "permission.denied")
        #expect(await Self.code { _ = try await harness.lifecycle.domains(organizationID: "nope", by: harness.operatorPrincipal) } == "organization.not-found")
    }

    @Test("organization ids and names are checked")
    func organizationInput() async throws {
        let harness = try LifecycleHarness()
        let op = harness.operatorPrincipal
        for bad in ["", "-x", ".x", "a b", "a/b", String(repeating: "a", count: 65), "é"] {
            #expect(await Self.code { _ = try await harness.lifecycle.createOrganization(id: bad, name: "X", by: op) } == "organization.invalid-id", "\(bad)")
        }
        #expect(await Self.code { _ = try await harness.lifecycle.createOrganization(id: "ok", name: "  ", by: op) } == "organization.invalid-name")
        #expect(await Self.code { _ = try await harness.lifecycle.createOrganization(id: "ok", name: "A\u{0}B", by: op) } == "organization.invalid-name")
        _ = try await harness.lifecycle.createOrganization(id: "ok", name: "OK", by: op)
        #expect(await Self.code { _ = try await harness.lifecycle.createOrganization(id: "ok", name: "OK", by: op) } == "organization.exists")
        let created = try await harness.lifecycle.organization("ok", by: op)
        #expect(created.ssoAllowed == false)
    }
}
