/// The addresses pages link to, under the mount point. Every path segment that comes from
/// data is percent-encoded here, and every path is HTML-escaped where it is written.
struct Paths: Sendable {
    /// The mount point without a trailing slash (empty for the root).
    let mount: String

    func security(_ organizationID: String, _ rest: String = "") -> String {
        "\(mount)/orgs/\(URLEncodedForm.encode(organizationID))/security\(rest)"
    }

    func domains(_ org: String) -> String { security(org, "/domains") }
    func connection(_ org: String) -> String { security(org, "/connection") }
    func test(_ org: String) -> String { security(org, "/test") }
    func testRun(_ org: String, _ id: String) -> String { security(org, "/test/runs/\(URLEncodedForm.encode(id))") }
    func activation(_ org: String) -> String { security(org, "/activation") }
    func setupLinks(_ org: String) -> String { security(org, "/setup-links") }
    func auditLog(_ org: String) -> String { security(org, "/audit") }

    var signIn: String { "\(mount)/sign-in" }
    var operatorOrganizations: String { "\(mount)/operator/organizations" }
    func operatorSSOAllowed(_ org: String) -> String {
        "\(mount)/operator/organizations/\(URLEncodedForm.encode(org))/sso-allowed"
    }
    func setupLink(_ token: String) -> String { "\(mount)/setup/\(URLEncodedForm.encode(token))" }
    var endSetupSession: String { "\(mount)/setup-session/end" }
    func asset(_ name: String, version: String) -> String { "\(mount)/assets/\(name)?v=\(version)" }

    /// A path with a fixed notice key for the page to show after a redirect.
    static func with(notice: String, _ path: String, anchor: String? = nil) -> String {
        path + "?notice=" + URLEncodedForm.encode(notice) + (anchor.map { "#" + URLEncodedForm.encode($0) } ?? "")
    }
}
