import Foundation
import SSOLifecycle

/// Small pieces pages share: badges, notices, copyable values, form buttons.
enum Components {
    /// The hidden field with the CSRF token.
    static func csrfField(_ context: RequestContext) -> Markup {
        "<input type=\"hidden\" name=\"\(CSRFProtection.fieldName)\" value=\"\(context.csrfToken)\">"
    }

    /// A status badge; `kind` is the CSS suffix (`active`, `failed`…).
    static func badge(_ text: String, kind: String) -> Markup {
        "<span class=\"badge badge-\(kind)\">\(text)</span>"
    }

    /// A notice box. `role="status"` makes screen readers announce it politely.
    static func notice(_ body: Markup, kind: String = "info", live: Bool = false) -> Markup {
        let role: Markup = live ? " role=\"status\" aria-live=\"polite\"" : ""
        return "<div class=\"notice notice-\(kind)\"\(role)>\(body)</div>\n"
    }

    /// A value with a copy button (the button appears only with the script; without it the
    /// value is plain selectable text).
    static func copyField(_ value: String, id: String, label: String) -> Markup {
        """
        <div class="copy-field"><code id="\(id)">\(value)</code><button type="button" class="copy" data-copy="\(id)" aria-label="Copy \(label)" hidden>Copy</button><span class="copy-status" role="status" aria-live="polite"></span></div>
        """
    }

    /// A form with one button that posts to `action` (plus hidden fields).
    static func postButton(_ label: String, action: String, context: RequestContext, fields: [(String, String)] = [],
                           style: String = "button", id: String? = nil) -> Markup {
        let hidden = fields.markup { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" }
        let idAttribute: Markup = id.map { " id=\"\($0)\"" } ?? .empty
        return """
            <form method="post" action="\(action)" class="inline">\(csrfField(context))\(hidden)<button type="submit" class="\(style)"\(idAttribute)>\(label)</button></form>
            """
    }

    /// A data table: a header row and body rows, each cell carrying its column's name in
    /// `data-label` so that narrow screens show every row as a labelled block (the stylesheet
    /// does it; no script). An empty header is an actions column (named for screen readers).
    static func table(_ headers: [String], _ rows: [[Markup]]) -> Markup {
        let head = headers.markup { header in
            header.isEmpty ? "<th scope=\"col\"><span class=\"offscreen\">Actions</span></th>" : "<th scope=\"col\">\(header)</th>"
        }
        let body = rows.markup { row in
            "<tr>\(zip(headers, row).map { header, cell in "<td data-label=\"\(header)\"><div>\(cell)</div></td>" as Markup }.joined)</tr>\n"
        }
        return "<div class=\"table-scroll\"><table class=\"data\"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>"
    }

    /// The notice after a redirect (`?notice=key`), from a fixed table: nothing from the
    /// query is ever shown.
    static func redirectNotice(_ key: String?) -> Markup {
        guard let key, let text = notices[key] else { return .empty }
        return notice("<p>\(text)</p>", kind: "success", live: true)
    }

    static let notices: [String: String] = [
        "domain-added": "Domain added. Create the TXT record shown below at your DNS provider, then press Verify.",
        "domain-checked": "DNS was checked. The result is shown under the domain.",
        "domain-verified": "Domain verified.",
        "challenge-renewed": "The challenge had expired, so a new TXT value was issued. Update the record at your DNS provider, then press Verify.",
        "domain-removed": "Domain removed.",
        "provider-chosen": "Identity provider chosen. Follow the steps below and save the settings.",
        "saved": "Saved. The settings below are what was understood; run a test sign-in next.",
        "saved-pending": "Saved. The change is pending: the live configuration keeps serving sign-ins until a test sign-in of the new one succeeds.",
        "activated": "The connection is active: people of your verified domains now sign in through your identity provider.",
        "deactivated": "The connection is inactive: nobody signs in through it until it is activated again.",
        "reset": "The connection was reset. Choose an identity provider to start again.",
        "provider-changed": "The provider was changed and the connection reset. Follow the steps below and save the settings.",
        "idp-initiated-on": "Sign-ins started from the identity provider's dashboard are now accepted.",
        "idp-initiated-off": "Sign-ins started from the identity provider's dashboard are now refused.",
        "link-revoked": "The setup link was revoked: it can no longer be used, and a session opened with it has ended.",
        "org-created": "Organization added.",
        "sso-allowed": "The organization may now set up SSO.",
        "sso-disallowed": "The organization may no longer change its SSO setup.",
        "session-ended": "The setup session has ended.",
    ]

    /// A lifecycle error shown inline (next to a field or at the top of a form).
    static func inlineError(_ error: LifecycleError) -> Markup {
        """
        <div class="issue" role="alert"><p>\(error.message)</p><p class="muted">Code: <code>\(error.code.rawValue)</code></p></div>
        """
    }

    /// The overview badge's text and CSS kind for a setup state.
    static func stateBadge(_ state: OrganizationOverview.State) -> Markup {
        switch state {
        case .unconfigured: badge("Unconfigured", kind: "unconfigured")
        case .inProgress: badge("In progress", kind: "in-progress")
        case .active: badge("Active", kind: "active")
        case .inactive: badge("Inactive", kind: "inactive")
        }
    }

    /// A test run's status badge.
    static func runBadge(_ status: TestRunStatus) -> Markup {
        switch status {
        case .pending: badge("Pending", kind: "pending")
        case .success: badge("Success", kind: "success")
        case .failed: badge("Failed", kind: "failed")
        case .expired: badge("Expired", kind: "expired")
        }
    }

    /// A domain's status badge.
    static func domainBadge(_ status: DomainStatus) -> Markup {
        switch status {
        case .pending: badge("Pending", kind: "pending")
        case .verified: badge("Verified", kind: "verified")
        case .expired: badge("Expired", kind: "expired")
        }
    }

    /// An id usable in HTML for any text (letters, digits, `-` and `_` kept; others as `_` and
    /// their hex code, so `acme.com` gives `domain-acme_2ecom`).
    static func htmlID(_ prefix: String, _ text: String) -> String {
        var result = prefix + "-"
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "_" + String(byte, radix: 16)
            }
        }
        return result
    }
}
