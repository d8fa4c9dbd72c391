import Foundation
import Testing
@testable import SAML

@Suite struct FetcherAddressPolicyTests {
    @Test(arguments: [
        ("93.184.216.34", IPAddress.Category.global),
        ("8.8.8.8", .global),
        ("172.15.255.255", .global),
        ("172.32.0.0", .global),
        ("100.63.255.255", .global),
        ("100.128.0.0", .global),
        ("127.0.0.1", .loopback),
        ("127.255.255.254", .loopback),
        ("10.0.0.1", .privateNetwork),
        ("172.16.0.1", .privateNetwork),
        ("172.31.255.255", .privateNetwork),
        ("192.168.0.1", .privateNetwork),
        ("100.64.0.1", .privateNetwork),
        ("100.127.255.255", .privateNetwork),
        ("169.254.169.254", .linkLocal),
        ("0.0.0.0", .unspecified),
        ("0.1.2.3", .unspecified),
        ("224.0.0.1", .multicast),
        ("239.255.255.255", .multicast),
        ("255.255.255.255", .broadcast),
        ("240.0.0.1", .reserved),
        ("192.0.2.10", .reserved),
        ("198.18.0.1", .reserved),
        ("2606:4700::1111", .global),
        ("::1", .loopback),
        ("::", .unspecified),
        ("fe80::1", .linkLocal),
        ("febf::1", .linkLocal),
        ("fec0::1", .privateNetwork),
        ("fc00::1", .privateNetwork),
        ("fdff:ffff::1", .privateNetwork),
        ("ff02::1", .multicast),
        ("::ffff:127.0.0.1", .loopback),
        ("::ffff:10.0.0.1", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:93.184.216.34", .global),
        ("::127.0.0.1", .loopback),
        ("64:ff9b::a9fe:a9fe", .linkLocal),       // NAT64 of 169.254.169.254
        ("2002:0a00:0001::1", .privateNetwork),   // 6to4 of 10.0.0.1
        ("2001:db8::1", .reserved),
        ("[::1]", .loopback),
    ])
    func classifiesAddresses(text: String, category: IPAddress.Category) throws {
        let address = try #require(IPAddress(text))
        #expect(address.category == category)
    }

    @Test(arguments: ["", "localhost", "1.2.3", "256.1.1.1", "::g", "example.com"])
    func rejectsNonAddresses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func describesAddresses() throws {
        #expect(try #require(IPAddress("10.0.0.1")).description == "10.0.0.1")
        #expect(try #require(IPAddress("fe80:0:0::1")).description == "fe80::1")
    }

    @Test func allowancesFollowTheOptions() {
        let strict = MetadataURLPolicy(allowHTTPLoopback: false, allowPrivateAddresses: false)
        let development = MetadataURLPolicy(allowHTTPLoopback: true, allowPrivateAddresses: false)
        let internalIdP = MetadataURLPolicy(allowHTTPLoopback: false, allowPrivateAddresses: true)
        let everything = MetadataURLPolicy(allowHTTPLoopback: true, allowPrivateAddresses: true)
        #expect(strict.allows(.global) && !strict.allows(.loopback) && !strict.allows(.privateNetwork))
        #expect(development.allows(.loopback) && !development.allows(.privateNetwork))
        #expect(internalIdP.allows(.privateNetwork) && !internalIdP.allows(.loopback))
        for never in [IPAddress.Category.linkLocal, .unspecified, .multicast, .broadcast, .reserved] {
            #expect(!everything.allows(never))
        }
    }

    @Test func checksSchemeAndAddressesWithoutConnecting() throws {
        let resolver = StubResolver(table: ["idp.example.test": ["93.184.216.34"], "corp.example.test": ["10.0.0.5"]])
        let strict = MetadataURLPolicy(allowHTTPLoopback: false, allowPrivateAddresses: false)
        let internalIdP = MetadataURLPolicy(allowHTTPLoopback: false, allowPrivateAddresses: true)
        let development = MetadataURLPolicy(allowHTTPLoopback: true, allowPrivateAddresses: false)
        func code(_ policy: MetadataURLPolicy, _ text: String) -> SAMLError.Code? {
            guard let url = URL(string: text) else { return .fetchInvalidURL }
            return metadataTestError { try policy.check(url, resolver: resolver) }?.code
        }
        #expect(code(strict, "https://idp.example.test/md") == nil)
        #expect(code(strict, "http://idp.example.test/md") == .fetchInsecureScheme)
        #expect(code(strict, "https://corp.example.test/md") == .fetchForbiddenAddress)
        #expect(code(internalIdP, "https://corp.example.test/md") == nil)
        #expect(code(development, "http://127.0.0.1:8080/md") == nil)
        #expect(code(development, "http://[::1]:8080/md") == nil)
        #expect(code(development, "http://idp.example.test/md") == .fetchInsecureScheme)
        #expect(code(strict, "https:///md") == .fetchInvalidURL)
        #expect(code(strict, "ftp://idp.example.test/md") == .fetchInvalidURL)
    }
}
