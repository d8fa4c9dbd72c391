import Foundation
import SSOLifecycle

/// Every address the web layer answers, parsed from the path below the mount point.
enum Route: Sendable, Equatable {
    /// `/assets/NAME`: the stylesheet or the script.
    case asset(String)
    /// `/sign-in`: the email form (GET) and its submission (POST).
    case signIn
    /// `/sso/saml/acs/ID`: the identity provider's POST of a SAML Response.
    case acs(connectionID: String)
    /// `/sso/saml/metadata/ID`: the service provider's SAML metadata.
    case metadata(connectionID: String)
    /// `/setup/TOKEN`: a setup link (GET asks, POST exchanges it).
    case setupLink(token: String)
    /// `/setup-session/end`: ends a setup-link session (POST).
    case endSetupSession
    /// `/operator/organizations`: the operator's list (GET) and new organizations (POST).
    case operatorOrganizations
    /// `/operator/organizations/ORG/sso-allowed`: the operator's switch (POST).
    case operatorSSOAllowed(organizationID: String)
    /// `/orgs/ORG/security…`: the Security tab's pages.
    case security(organizationID: String, SecurityPage)

    /// The Security tab's pages and actions, below `/orgs/ORG/security`.
    enum SecurityPage: Sendable, Equatable {
        case overview
        case domains
        case verifyDomain
        case removeDomain
        case connection
        case chooseProvider
        case changeProvider
        case resetConnection
        case test
        case testRun(id: String)
        case activation
        case deactivate
        case idpInitiated
        case setupLinks
        case revokeSetupLink
        case auditLog
    }

    /// The route of a path below the mount point (percent-encoded, starting with `/`), or nil.
    init?(path: String) {
        let raw = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var segments: [String] = []
        for segment in raw {
            // A trailing slash is tolerated; empty segments elsewhere are not.
            guard let decoded = segment.removingPercentEncoding, !decoded.contains("/") else { return nil }
            segments.append(decoded)
        }
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        let s = segments
        switch s.count {
        case 1 where s[0] == "sign-in":
            self = .signIn
        case 2 where s[0] == "assets":
            self = .asset(s[1])
        case 2 where s[0] == "setup" && !s[1].isEmpty && s[1].utf8.count <= 256:
            self = .setupLink(token: s[1])
        case 2 where s == ["setup-session", "end"]:
            self = .endSetupSession
        case 2 where s == ["operator", "organizations"]:
            self = .operatorOrganizations
        case 4 where s[0] == "sso" && s[1] == "saml" && s[2] == "acs" && Self.isIdentifier(s[3]):
            self = .acs(connectionID: s[3])
        case 4 where s[0] == "sso" && s[1] == "saml" && s[2] == "metadata" && Self.isIdentifier(s[3]):
            self = .metadata(connectionID: s[3])
        case 4 where s[0] == "operator" && s[1] == "organizations" && s[3] == "sso-allowed" && Organization.isValidID(s[2]):
            self = .operatorSSOAllowed(organizationID: s[2])
        case 3... where s[0] == "orgs" && s[2] == "security" && Organization.isValidID(s[1]):
            guard let page = Self.securityPage(Array(s.dropFirst(3))) else { return nil }
            self = .security(organizationID: s[1], page)
        default:
            return nil
        }
    }

    private static func securityPage(_ rest: [String]) -> SecurityPage? {
        switch rest.count {
        case 0: return .overview
        case 1:
            switch rest[0] {
            case "domains": return .domains
            case "connection": return .connection
            case "test": return .test
            case "activation": return .activation
            case "setup-links": return .setupLinks
            case "audit": return .auditLog
            default: return nil
            }
        case 2:
            switch (rest[0], rest[1]) {
            case ("domains", "verify"): return .verifyDomain
            case ("domains", "remove"): return .removeDomain
            case ("connection", "provider"): return .chooseProvider
            case ("connection", "change-provider"): return .changeProvider
            case ("connection", "reset"): return .resetConnection
            case ("activation", "deactivate"): return .deactivate
            case ("activation", "idp-initiated"): return .idpInitiated
            case ("setup-links", "revoke"): return .revokeSetupLink
            default: return nil
            }
        case 3 where rest[0] == "test" && rest[1] == "runs" && isIdentifier(rest[2]):
            return .testRun(id: rest[2])
        default:
            return nil
        }
    }

    /// Record identifiers (`conn_…`, `test_…`): 1–100 letters, digits, `_` or `-`.
    static func isIdentifier(_ text: String) -> Bool {
        (1...100).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// The methods a route answers.
    var methods: Set<String> {
        switch self {
        case .asset, .metadata: ["GET", "HEAD"]
        case .acs, .endSetupSession, .operatorSSOAllowed: ["POST"]
        case .signIn, .setupLink, .operatorOrganizations: ["GET", "HEAD", "POST"]
        case .security(_, let page):
            switch page {
            case .overview, .testRun, .auditLog: ["GET", "HEAD"]
            case .verifyDomain, .chooseProvider, .idpInitiated, .revokeSetupLink: ["POST"]
            case .domains, .removeDomain, .connection, .changeProvider, .resetConnection, .test, .activation,
                 .deactivate, .setupLinks: ["GET", "HEAD", "POST"]
            }
        }
    }
}
