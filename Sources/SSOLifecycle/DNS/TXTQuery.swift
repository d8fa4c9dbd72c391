import CDNSShims
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One TXT query through the C library's resolver (the `CDNSShims` target), and the reading
/// of what it returned into a ``TXTLookup``.
enum TXTQuery {
    /// Queries `name` and waits for the answer. Blocking: run it off the cooperative pool.
    ///
    /// - Parameters:
    ///   - name: The name to query.
    ///   - nameserver: The nameserver to ask, or nil for the system's resolver.
    ///   - secondsPerTry: The UDP time-out per try, in whole seconds (1–30).
    ///   - tries: The number of UDP tries (1–5).
    /// - Returns: The look-up.
    static func run(name: String, nameserver: Nameserver?, secondsPerTry: Int, tries: Int) -> TXTLookup {
        if let problem = nameProblem(name) {
            return TXTLookup(outcome: .failed,
                             detail: "\(DNSValueQuoting.quoted(name, limit: 60)) is not a DNS name that can be looked up: \(problem)")
        }
        var options = sso_dns_query_options()
        options.timeout_seconds = Int32(secondsPerTry)
        options.tries = Int32(tries)
        var server = "this server's DNS resolver"
        if let nameserver {
            switch NameserverAddress.resolve(nameserver) {
            case .problem(let reason):
                return TXTLookup(outcome: .failed, detail: reason)
            case .address(let address):
                options.family = address.family == .ipv4 ? 4 : 6
                withUnsafeMutableBytes(of: &options.address) { $0.copyBytes(from: address.bytes) }
                options.port = address.port
                server = "the nameserver \(nameserver)"
                if address.description != nameserver.description { server += " (\(address))" }
            }
        }
        var result = sso_dns_result()
        var records = [UInt8](repeating: 0, count: Int(SSO_DNS_RECORDS_CAPACITY))
        _ = records.withUnsafeMutableBufferPointer { buffer in
            sso_dns_query_txt(name, &options, &result, buffer.baseAddress, buffer.count)
        }
        return lookup(from: result, records: records, name: name, server: server,
                      secondsPerTry: secondsPerTry, tries: tries)
    }

    /// Reads the shim's result into a look-up.
    ///
    /// - Parameters:
    ///   - result: What `sso_dns_query_txt` or `sso_dns_parse_txt_answer` filled in.
    ///   - records: The records buffer it wrote.
    ///   - name: The queried name.
    ///   - server: Who was asked, as a phrase ("the nameserver 127.0.0.1:5353").
    ///   - secondsPerTry: The time-out per try, for the time-out's wording.
    ///   - tries: The number of tries, for the time-out's wording.
    /// - Returns: The look-up.
    static func lookup(from result: sso_dns_result, records: [UInt8], name: String, server: String,
                       secondsPerTry: Int, tries: Int) -> TXTLookup {
        switch result.status {
        case Int32(SSO_DNS_ANSWERED.rawValue):
            return answered(result, records: records, server: server)
        case Int32(SSO_DNS_TIMEOUT.rawValue):
            return TXTLookup(outcome: .timeout,
                             detail: "\(server) did not answer within \(secondsPerTry) s (\(tries) \(tries == 1 ? "try" : "tries"))")
        case Int32(SSO_DNS_UNREACHABLE.rawValue):
            if result.system_error == ECONNREFUSED {
                return TXTLookup(outcome: .failed,
                                 detail: "\(server) refused the connection: no DNS server is listening on that address and port")
            }
            return TXTLookup(outcome: .failed, detail: "\(server) could not be reached (\(systemMessage(result.system_error)))")
        case Int32(SSO_DNS_SEND_FAILED.rawValue):
            return TXTLookup(outcome: .failed,
                             detail: "sending the query to \(server) failed (\(systemMessage(result.system_error)))")
        case Int32(SSO_DNS_INVALID_NAME.rawValue):
            return TXTLookup(outcome: .failed,
                             detail: "\(DNSValueQuoting.quoted(name, limit: 60)) is not a DNS name the resolver can query")
        case Int32(SSO_DNS_MALFORMED_ANSWER.rawValue):
            return TXTLookup(outcome: .failed,
                             detail: "the answer from \(server) could not be read: it is not a well-formed DNS answer to this question")
        case Int32(SSO_DNS_UNSUPPORTED.rawValue):
            return TXTLookup(outcome: .failed,
                             detail: "this system's resolver cannot ask an IPv6 nameserver; give an IPv4 address")
        case Int32(SSO_DNS_INIT_FAILED.rawValue):
            return TXTLookup(outcome: .failed, detail: "the C library's resolver could not be set up (out of memory)")
        default:
            return TXTLookup(outcome: .failed, detail: "the resolver was called with settings it refused (status \(result.status))")
        }
    }

    /// The characters-strings of each record in the shim's records buffer: per record, a
    /// two-byte big-endian length and that many bytes of length-prefixed strings. Stops at
    /// anything that does not fit (the shim checked it already; this never reads past the end).
    ///
    /// - Parameter bytes: The records buffer, cut to its written length.
    /// - Returns: Each record's strings, decoded as UTF-8 with U+FFFD for invalid bytes.
    static func decodeRecords(_ bytes: ArraySlice<UInt8>) -> [[String]] {
        var records: [[String]] = []
        var offset = bytes.startIndex
        while offset + 2 <= bytes.endIndex {
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            let start = offset + 2
            guard start + length <= bytes.endIndex else { break }
            var strings: [String] = []
            var cursor = start
            while cursor < start + length {
                let count = Int(bytes[cursor])
                guard cursor + 1 + count <= start + length else { break }
                strings.append(String(decoding: bytes[(cursor + 1)..<(cursor + 1 + count)], as: UTF8.self))
                cursor += 1 + count
            }
            records.append(strings)
            offset = start + length
        }
        return records
    }

    /// Why `name` cannot be queried, or nil. Internationalized names must arrive in their
    /// `xn--` form; escapes are refused so that what is queried is what is shown.
    static func nameProblem(_ name: String) -> String? {
        var text = name
        if text.hasSuffix(".") { text.removeLast() }
        if text.isEmpty { return "it is empty" }
        if text.utf8.count > 253 { return "it is longer than 253 characters" }
        if !text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) {
            return "it contains spaces, backslashes, control characters or non-ASCII letters (internationalized names must be given in their xn-- form)"
        }
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "it has an empty label (two dots in a row, or a leading dot)" }
            if label.utf8.count > 63 { return "a label is longer than 63 characters" }
        }
        return nil
    }

    // MARK: - Private

    private static func answered(_ result: sso_dns_result, records: [UInt8], server: String) -> TXTLookup {
        switch result.rcode {
        case 0:
            let length = min(max(Int(result.records_length), 0), records.count)
            var notes: [String] = []
            if result.truncated != 0 {
                notes.append("the answer from \(server) was truncated, so some records may be missing")
            }
            if result.ignored_count > 0 {
                notes.append("\(result.ignored_count) TXT \(result.ignored_count == 1 ? "record" : "records") for other names in the answer were left out")
            }
            return TXTLookup(outcome: .answered, records: decodeRecords(records[0..<length]),
                             detail: notes.joined(separator: "; "))
        case 2:
            return TXTLookup(outcome: .serverFailure, detail: "\(server) answered SERVFAIL")
        case 3:
            return TXTLookup(outcome: .nameNotFound, detail: "\(server) answered NXDOMAIN: the name does not exist")
        case 5:
            return TXTLookup(outcome: .refused, detail: "\(server) answered REFUSED")
        default:
            return TXTLookup(outcome: .failed,
                             detail: "\(server) answered \(rcodeName(result.rcode)) (RCODE \(result.rcode)) instead of records")
        }
    }

    private static func rcodeName(_ rcode: Int32) -> String {
        switch rcode {
        case 1: "FORMERR"
        case 4: "NOTIMP"
        case 6: "YXDOMAIN"
        case 7: "YXRRSET"
        case 8: "NXRRSET"
        case 9: "NOTAUTH"
        case 10: "NOTZONE"
        default: "an unknown error"
        }
    }

    private static func systemMessage(_ code: Int32) -> String {
        guard code != 0, let text = strerror(code) else { return "no reason given" }
        return String(cString: text).lowercased()
    }
}
