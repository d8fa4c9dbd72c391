import Foundation
import Testing
@testable import SSOLifecycle

/// `DomainName.normalizeForClaim`: public suffixes and consumer email services are refused,
/// organizations' own domains are accepted.
@Suite struct DomainClaimPolicyTests {
    @Test(arguments: [
        ("acme.com", "acme.com"),
        ("ACME.co.uk.", "acme.co.uk"),
        ("eu.acme.co.uk", "eu.acme.co.uk"),
        ("acme.github.io", "acme.github.io"),
        ("www.ck", "www.ck"),
        ("city.kobe.jp", "city.kobe.jp"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("notgmail.com", "notgmail.com"),
        ("gmail.com.acme.com", "gmail.com.acme.com"),
        ("gmail.co", "gmail.co"),
    ])
    func acceptsAnOrganizationsDomain(_ input: String, _ normalized: String) throws {
        #expect(try DomainName.normalizeForClaim(input) == normalized)
    }

    @Test(arguments: ["com", "co.uk", "COM.", "uk.com", "github.io", "s3.amazonaws.com", "anything.ck", "c.kobe.jp",
                      "公司.cn", "blogspot.com"])
    func refusesAPublicSuffix(_ input: String) {
        let error = #expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim(input) }
        #expect(error?.code == .domainPublicSuffix)
    }

    @Test func thePublicSuffixMessageSuggestsADomainUnderIt() throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim("co.uk") })
        #expect(error.message == "\"co.uk\" is a public suffix: many unrelated organizations have addresses under it. Add your organization's own domain, such as acme.co.uk.")
    }

    @Test(arguments: ["gmail.com", "GMAIL.COM.", " googlemail.com", "outlook.com", "hotmail.co.uk", "outlook.fr",
                      "yahoo.co.jp", "ymail.com", "icloud.com", "proton.me", "pm.me", "qq.com", "163.com",
                      "t-online.de", "orange.fr", "naver.com", "comcast.net"])
    func refusesAConsumerEmailService(_ input: String) throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim(input) })
        #expect(error.code == .domainConsumer)
        #expect(error.message.contains("is a consumer email service: anyone can get an address there"))
        #expect(error.message.hasSuffix("Add your company's own domain."))
    }

    @Test(arguments: [("mail.gmail.com", "gmail.com"), ("a.b.yahoo.co.jp", "yahoo.co.jp"), ("eu.outlook.com", "outlook.com")])
    func refusesASubdomainOfAConsumerEmailService(_ input: String, _ service: String) throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim(input) })
        #expect(error.code == .domainConsumer)
        #expect(error.message.contains("belongs to \(service), a consumer email service"))
    }

    @Test(arguments: ConsumerEmailDomains.all)
    func everyListedServiceIsRefusedAndIsARegistrableName(_ domain: String) throws {
        #expect(try DomainName.normalize(domain) == domain)
        #expect(!PublicSuffixList.bundled.isPublicSuffix(domain))
        let error = #expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim(domain) }
        #expect(error?.code == .domainConsumer)
    }

    @Test(arguments: [("localhost", LifecycleError.Code.domainSingleLabel), ("acme", .domainSingleLabel),
                      ("127.0.0.1", .domainIPAddress), ("*.gmail.com", .domainWildcard), ("acme..com", .domainInvalid)])
    func normalizationErrorsComeFirst(_ input: String, _ code: LifecycleError.Code) {
        let error = #expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim(input) }
        #expect(error?.code == code)
    }

    @Test func aTopLevelDomainAloneIsAPublicSuffix() throws {
        let error = try #require(#expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim(" COM ") })
        #expect(error.code == .domainPublicSuffix)
        #expect(error.message == "\"COM\" is a public suffix: many unrelated organizations have addresses under it. Add your organization's own domain, such as acme.com.")
        let chinese = #expect(throws: LifecycleError.self) { try DomainName.normalizeForClaim("中国") }
        #expect(chinese?.code == .domainPublicSuffix)
    }

    /// The generated Swift list is the data file's: editing the text without running the
    /// generator fails here.
    @Test func theGeneratedListMatchesTheDataFile() throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/SSOLifecycle/Domains/Data/consumer-email-domains.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        let listed = text.split(whereSeparator: \.isNewline)
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let normalized = try listed.map { try DomainName.normalize($0) }
        #expect(normalized.sorted() == ConsumerEmailDomains.all)
        #expect(Set(normalized).count == normalized.count)
        #expect(normalized.count >= 60)
    }
}
