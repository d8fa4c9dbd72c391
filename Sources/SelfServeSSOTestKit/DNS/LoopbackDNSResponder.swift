import Foundation

/// A real DNS server on the loopback interface that answers from a table you set, for tests
/// and demonstrations of DNS TXT verification.
///
/// It listens on UDP and TCP on the same port of 127.0.0.1 (or `::1`), a port the system
/// picks unless you give one, and answers standard queries as an authoritative server would:
/// TXT records you publish, NXDOMAIN for names it does not know, NOERROR with no records for
/// other record types of a known name, and on request SERVFAIL, REFUSED, a delay, CNAME
/// aliases or no answer at all. A UDP answer longer than 512 bytes is sent with the TC flag,
/// and the whole answer over TCP, as real servers do. Names match without regard to ASCII
/// case, and the question is echoed as asked. Malformed messages are answered FORMERR, or
/// dropped when not even the header is readable, and never stop it.
///
/// The table can change while it runs, from any thread. Nothing leaves the machine.
///
/// ```swift
/// let responder = LoopbackDNSResponder()
/// try responder.start()
/// defer { responder.stop() }
/// responder.setTXT(["sso-verification=abc123"], for: "_sso-verification.acme.com")
/// let nameserver = Nameserver(host: responder.host, port: responder.port)
/// ```
///
/// ``stop()`` closes its sockets and waits for its threads; releasing the responder stops it
/// too.
public final class LoopbackDNSResponder: Sendable {
    /// Which loopback address to listen on.
    public enum AddressFamily: Sendable, Hashable {
        /// 127.0.0.1.
        case ipv4
        /// ::1.
        case ipv6
    }

    /// The loopback address family it listens on.
    public let family: AddressFamily
    private let table = DNSAnswerTable()
    private let runs: RunSlot

    /// Creates a responder; it answers once ``start()`` is called.
    ///
    /// - Parameters:
    ///   - port: The UDP and TCP port, or 0 (the default) for one the system picks.
    ///   - family: The loopback address to listen on: 127.0.0.1 (the default) or ::1.
    public init(port: UInt16 = 0, family: AddressFamily = .ipv4) {
        self.family = family
        runs = RunSlot(port: port)
    }

    deinit {
        stop()
    }

    /// Starts answering. Does nothing when it is already running. A stopped responder can start
    /// again; it takes the same port back, so ``address`` stays the same.
    ///
    /// - Throws: ``LoopbackDNSResponderError`` with `dns-responder.port-unavailable` when the
    ///   port is taken, or `dns-responder.socket-failed` when a socket cannot be opened.
    public func start() throws(LoopbackDNSResponderError) {
        try runs.start(family: family, table: table)
    }

    /// Stops answering: closes its sockets and waits for its threads to end (at once: nothing
    /// it waits on outlasts the stop). Does nothing when it is not running.
    public func stop() {
        runs.stop()
    }

    /// Whether it is answering.
    public var isRunning: Bool { runs.isRunning }

    /// The port it listens on (once started; before that, the port it was created with).
    public var port: UInt16 { runs.port }

    /// `127.0.0.1` or `::1`.
    public var host: String { family == .ipv4 ? "127.0.0.1" : "::1" }

    /// `127.0.0.1:PORT`, or `[::1]:PORT`: the form a `--nameserver` option takes.
    public var address: String { family == .ipv4 ? "\(host):\(port)" : "[\(host)]:\(port)" }

    /// Sets what to answer for `name` (any case; a trailing dot is ignored), replacing what was
    /// set before.
    ///
    /// - Parameters:
    ///   - answer: The answer.
    ///   - name: The name, such as `_sso-verification.acme.com`.
    public func setAnswer(_ answer: Answer, for name: String) {
        table.set(answer, for: name)
    }

    /// Publishes TXT records at `name`, one per value (a value longer than 255 bytes is split
    /// into several strings of the same record), replacing what was set before.
    ///
    /// - Parameters:
    ///   - values: The records' values; an empty list makes a name that exists with no TXT
    ///     record.
    ///   - name: The name.
    public func setTXT(_ values: [String], for name: String) {
        table.set(.records(values.map { TXTRecord($0) }), for: name)
    }

    /// Forgets `name`: it is answered NXDOMAIN again.
    ///
    /// - Parameter name: The name.
    public func removeAnswer(for name: String) {
        table.remove(name)
    }

    /// Forgets every name.
    public func removeAllAnswers() {
        table.removeAll()
    }

    /// What it has received since it was created.
    public var statistics: Statistics { table.statistics }
}

/// The current run of a responder and its port.
///
/// `@unchecked Sendable`: `run` and `port` are only read and written under `lock`, which is
/// also held across a whole start or stop, so two of them never interleave.
private final class RunSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var run: DNSResponderRun?
    private var boundPort: UInt16

    init(port: UInt16) {
        boundPort = port
    }

    func start(family: LoopbackDNSResponder.AddressFamily, table: DNSAnswerTable) throws(LoopbackDNSResponderError) {
        lock.lock()
        defer { lock.unlock() }
        guard run == nil else { return }
        let started = try DNSResponderRun.start(family: family, port: boundPort, table: table)
        run = started
        boundPort = started.port
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        run?.stop()
        run = nil
    }

    var isRunning: Bool { lock.withLock { run != nil } }

    var port: UInt16 { lock.withLock { boundPort } }
}
