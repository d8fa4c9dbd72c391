/// Consumer email services, where anyone can get an address: `gmail.com`, `outlook.com`,
/// `yahoo.co.jp`, …
///
/// An organization cannot claim one, since verifying it would route everyone's sign-in
/// there to that organization. The list is data: `Data/consumer-email-domains.txt`, turned
/// into `ConsumerEmailDomains+List.swift` by `Data/generate-consumer-email-domains.py`.
package enum ConsumerEmailDomains {
    private static let domains = Set(listed)

    /// The listed consumer domain that a name is or is under.
    /// - Parameter domain: A normalized domain name.
    /// - Returns: `gmail.com` for `gmail.com` and for `mail.gmail.com`; nil for a name outside
    ///   every listed domain.
    package static func service(containing domain: String) -> String? {
        var name = Substring(domain)
        while true {
            if domains.contains(String(name)) { return String(name) }
            guard let dot = name.firstIndex(of: ".") else { return nil }
            name = name[name.index(after: dot)...]
        }
    }

    /// Every listed domain, sorted.
    package static var all: [String] { listed }
}
