@testable import SSOWeb
import Testing

@Suite("Routes")
struct RouteTests {
    @Test("Paths map to routes", arguments: [
        ("/sign-in", Route.signIn),
        ("/sso/saml/acs/conn_ABC", .acs(connectionID: "conn_ABC")),
        ("/sso/saml/metadata/conn_ABC", .metadata(connectionID: "conn_ABC")),
        ("/orgs/acme/security", .security(organizationID: "acme", .overview)),
        ("/orgs/acme/security/", .security(organizationID: "acme", .overview)),
        ("/orgs/acme/security/domains/verify", .security(organizationID: "acme", .verifyDomain)),
        ("/orgs/acme/security/test/runs/test_1", .security(organizationID: "acme", .testRun(id: "test_1"))),
        ("/operator/organizations/acme/sso-allowed", .operatorSSOAllowed(organizationID: "acme")),
        ("/setup/tok", .setupLink(token: "tok")),
        ("/assets/app.css", .asset("app.css")),
    ] as [(String, Route)])
    func known(path: String, route: Route) {
        #expect(Route(path: path) == route)
    }

    @Test("Anything else is not a route", arguments: [
        "/", "", "/orgs//security", "/orgs/a%2Fb/security", "/orgs/../security", "/sso/saml/acs/", "/sso/saml/acs/a b",
        "/orgs/acme/security/test/runs/x/y", "/orgs/acme/security//domains", "/sso/saml/acs/%00",
    ])
    func unknown(path: String) {
        #expect(Route(path: path) == nil)
    }
}
