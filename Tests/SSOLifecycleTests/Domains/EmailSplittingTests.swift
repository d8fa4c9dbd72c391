import Testing
@testable import SSOLifecycle

/// `DomainName.splitEmail`: the address a sign-in starts from.
@Suite struct EmailSplittingTests {
    @Test(arguments: [
        ("jane@acme.com", "jane", "acme.com"),
        ("JANE.DOE@ACME.COM", "JANE.DOE", "acme.com"),
        ("  jane@acme.com\n", "jane", "acme.com"),
        ("jane+sso@mail.acme.co.uk", "jane+sso", "mail.acme.co.uk"),
        ("jane@acme.com.", "jane", "acme.com"),
        ("jane@Bücher.de", "jane", "xn--bcher-kva.de"),
        ("jörg@bücher.de", "jörg", "xn--bcher-kva.de"),
        ("o'brien@acme.com", "o'brien", "acme.com"),
        ("jane@xn--bcher-kva.de", "jane", "xn--bcher-kva.de"),
    ])
    func splits(_ email: String, _ localPart: String, _ domain: String) throws {
        let parts = try DomainName.splitEmail(email)
        #expect(parts.localPart == localPart)
        #expect(parts.domain == domain)
    }

    @Test func acceptsTheLongestParts() throws {
        let local = String(repeating: "j", count: 64)
        let domain = String(repeating: "a", count: 63) + "." + String(repeating: "b", count: 63) + "."
            + String(repeating: "c", count: 57) + ".com"
        #expect(local.utf8.count + 1 + domain.utf8.count == 254)
        let parts = try DomainName.splitEmail(local + "@" + domain)
        #expect(parts.localPart == local)
        #expect(parts.domain == domain)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var email: String
        var code: LifecycleError.Code
        var why: String
        init(_ email: String, _ code: LifecycleError.Code, _ why: String) {
            self.email = email
            self.code = code
            self.why = why
        }
        var testDescription: String { QuotedText.quoted(email, limit: 40) + " (\(why))" }
    }

    static let bad: [Bad] = [
        Bad("", .routeInvalidEmail, "empty"),
        Bad("   ", .routeInvalidEmail, "whitespace"),
        Bad("jane", .routeInvalidEmail, "no @"),
        Bad("@acme.com", .routeInvalidEmail, "nothing before the @"),
        Bad("jane@", .routeInvalidEmail, "nothing after the @"),
        Bad("jane doe@acme.com", .routeInvalidEmail, "space in the local part"),
        Bad("jane\u{0}@acme.com", .routeInvalidEmail, "NUL in the local part"),
        Bad("jane\u{1B}[2J@acme.com", .routeInvalidEmail, "terminal escape in the local part"),
        Bad("jane\u{202E}@acme.com", .routeInvalidEmail, "right-to-left override in the local part"),
        Bad("jane\u{A0}doe@acme.com", .routeInvalidEmail, "no-break space in the local part"),
        Bad("\"jane\"@acme.com", .routeInvalidEmail, "quoted local part"),
        Bad("\"jane@home\"@acme.com", .routeInvalidEmail, "quoted local part with an @"),
        Bad("jane@home@acme.com", .routeInvalidEmail, "two @"),
        Bad(String(repeating: "j", count: 65) + "@acme.com", .routeInvalidEmail, "65-octet local part"),
        Bad(String(repeating: "j", count: 64) + "@" + String(repeating: "a", count: 63) + "." + String(repeating: "b", count: 63)
            + "." + String(repeating: "c", count: 58) + ".com", .routeInvalidEmail, "255 octets"),
        Bad(megabytes(10, of: "j") + "@acme.com", .routeInvalidEmail, "10 MB"),
        Bad("jane@localhost", .domainSingleLabel, "single-label domain"),
        Bad("jane@127.0.0.1", .domainIPAddress, "IP address"),
        Bad("jane@[::1]", .domainIPAddress, "IPv6 literal"),
        Bad("jane@acme..com", .domainInvalid, "empty label"),
        Bad("jane@acme.com/x", .domainInvalid, "slash in the domain"),
        Bad("jane@acme_corp.com", .domainInvalid, "underscore in the domain"),
        Bad("jane@*.acme.com", .domainWildcard, "wildcard domain"),
        Bad("jane@😀.com", .domainInvalid, "emoji domain"),
        Bad("jane@.", .domainInvalid, "only a dot"),
        Bad("jane@ acme.com", .domainInvalid, "space after the @"),
        Bad("jane@acme .com", .domainInvalid, "space in the domain"),
    ]

    @Test(arguments: bad)
    func refuses(_ example: Bad) {
        let error = #expect(throws: LifecycleError.self) { try DomainName.splitEmail(example.email) }
        #expect(error?.code == example.code)
        #expect((error?.message.utf8.count ?? 0) < 600)
    }

    @Test func domainErrorsSayItIsTheEmailsDomain() throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.splitEmail("jane@acme..com") })
        #expect(error.message.hasPrefix("The domain of the email address \"jane@acme..com\" has an empty label"))
        let single = try #require(#expect(throws: LifecycleError.self) { try DomainName.splitEmail("jane@acme") })
        #expect(single.message.contains("jane@acme.com"))
    }

    @Test func emailErrorsQuoteTheAddressSafely() throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.splitEmail("ja\u{1B}ne@acme.com") })
        #expect(error.message.contains("\"ja\\u{1B}ne@acme.com\""))
        #expect(!error.message.unicodeScalars.contains("\u{1B}"))
        let quoted = try #require(#expect(throws: LifecycleError.self) { try DomainName.splitEmail("\"j\"@acme.com") })
        #expect(quoted.message.contains("quoted"))
    }
}
