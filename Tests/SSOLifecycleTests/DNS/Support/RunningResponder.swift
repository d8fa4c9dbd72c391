import Foundation
import SSOLifecycle
import SelfServeSSOTestKit

/// A started responder and resolvers with short time-outs, for one test.
struct RunningResponder {
    let responder: LoopbackDNSResponder

    /// Starts a responder on a free port of 127.0.0.1 (or ::1).
    init(family: LoopbackDNSResponder.AddressFamily = .ipv4) throws {
        responder = LoopbackDNSResponder(family: family)
        try responder.start()
    }

    /// Starts a responder on a free port below the kernel's ephemeral range, for a test that
    /// stops it and takes the port back: a port the system picked comes from that range, and
    /// while the responder is stopped any outgoing connection on the machine (the rest of
    /// the suite makes hundreds) may take it as its local port.
    static func outsideEphemeralRange() throws -> RunningResponder {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let low = range.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
        let candidates = low > 11_000 ? Array(10_000..<low).shuffled() : []
        for port in candidates.prefix(50) {
            let responder = LoopbackDNSResponder(port: UInt16(port))
            var taken = false
            do {
                try responder.start()
            } catch {
                guard error.code == .portUnavailable else { throw error }
                taken = true
            }
            if !taken { return RunningResponder(responder: responder) }
        }
        return try RunningResponder()
    }

    private init(responder: LoopbackDNSResponder) {
        self.responder = responder
    }

    /// The responder as the resolver's nameserver.
    var nameserver: Nameserver { Nameserver(host: responder.host, port: responder.port) }

    /// A resolver that gives up after one second: long enough for loopback, short enough to keep
    /// time-out tests quick.
    static let quickResolver = SystemTXTResolver(timeoutPerTry: .seconds(1), tries: 1)

    /// Looks `name` up at the responder with ``quickResolver``.
    func lookUp(_ name: String) async -> TXTLookup {
        await Self.quickResolver.lookUpTXT(name, nameserver: nameserver)
    }
}
