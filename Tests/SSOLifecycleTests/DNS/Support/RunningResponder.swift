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
