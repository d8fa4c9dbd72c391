import SSOLifecycle
import Testing

/// `Nameserver.parse`: the forms a person types after `--nameserver`, and clear refusals.
@Suite struct NameserverParsingTests {
    @Test(arguments: [
        ("192.0.2.53", "192.0.2.53", 53),
        ("192.0.2.53:5353", "192.0.2.53", 5353),
        ("  127.0.0.1:53\n", "127.0.0.1", 53),
        ("[2001:db8::53]", "2001:db8::53", 53),
        ("[2001:DB8:0:0:0:0:0:53]:5353", "2001:db8::53", 5353),
        ("2001:db8::53", "2001:db8::53", 53),
        ("::1", "::1", 53),
        ("[::1]:1", "::1", 1),
        ("NS1.Example.COM.", "ns1.example.com", 53),
        ("ns-1.example.com:65535", "ns-1.example.com", 65535),
        ("localhost:053", "localhost", 53),
    ] as [(String, String, UInt16)])
    func parsesTheAcceptedForms(text: String, host: String, port: UInt16) throws {
        let nameserver = try Nameserver.parse(text)
        #expect(nameserver == Nameserver(host: host, port: port))
        // What it prints parses back to itself (the form DNSCheck stores).
        #expect(try Nameserver.parse(nameserver.description) == nameserver)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("192.0.2.53:0", "the port \"0\" is not a number from 1 to 65535"),
        ("192.0.2.53:65536", "the port \"65536\" is not a number from 1 to 65535"),
        ("192.0.2.53:+53", "is not a number from 1 to 65535"),
        ("192.0.2.53:5x", "is not a number from 1 to 65535"),
        ("192.0.2.53:", "the port is missing after the colon"),
        (":53", "the host is missing before the colon"),
        ("999.1.1.1", "\"999.1.1.1\" is not an IPv4 address"),
        ("192.0.2", "is not an IPv4 address"),
        ("[2001:db8::53", "the opening [ has no closing ]"),
        ("[192.0.2.53]:53", "inside the brackets is not an IPv6 address"),
        ("[::1]53", "after the closing ] only a colon and a port may follow"),
        ("2001:db8::53::1", "put the address in brackets"),
        ("ns1.example.com:53:53", "put the address in brackets"),
        ("fe80::1%eth0", "zone indexes such as %eth0 are not supported"),
        ("[fe80::1%eth0]:53", "zone indexes such as %eth0 are not supported"),
        ("https://ns1.example.com", "it looks like a URL"),
        ("ns1..example.com", "empty label"),
        (".example.com", "empty label"),
        ("-ns.example.com", "starts or ends with a hyphen"),
        ("ns_1.example.com", "only letters, digits, hyphens and dots are allowed"),
        ("ns 1.example.com", "only letters, digits, hyphens and dots are allowed"),
        ("bücher.example", "only letters, digits, hyphens and dots are allowed"),
        (String(repeating: "a", count: 64) + ".example.com", "longer than 63 characters"),
        (String(repeating: "abcdefgh.", count: 29) + "com", "longer than 253 characters"),
        (String(repeating: "1", count: 400), "longer than any host name and port can be"),
    ])
    func refusesWithAReasonAndTheAcceptedForms(text: String, reason: String) throws {
        let error = try #require(throws: LifecycleError.self) { try Nameserver.parse(text) }
        #expect(error.code == .dnsInvalidNameserver)
        #expect(error.message.contains(reason))
        #expect(error.message.contains("192.0.2.53:5353"))
        #expect(error.message.contains("[2001:db8::53]:5353"))
    }

    @Test func quotesWhatWasTypedShortened() throws {
        let text = "http://" + String(repeating: "x", count: 200)
        let error = try #require(throws: LifecycleError.self) { try Nameserver.parse(text) }
        #expect(error.message.hasPrefix("\"http://"))
        #expect(error.message.contains("(207 characters)"))
        #expect(!error.message.contains(String(repeating: "x", count: 100)))
    }

    @Test func printsIPv6AddressesInBrackets() {
        #expect(Nameserver(host: "2001:db8::53", port: 5353).description == "[2001:db8::53]:5353")
        #expect(Nameserver(host: "192.0.2.53").description == "192.0.2.53:53")
    }
}
