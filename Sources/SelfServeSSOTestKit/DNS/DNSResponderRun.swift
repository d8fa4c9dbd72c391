import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a responder, from `start()` to `stop()`: its sockets and threads.
///
/// One thread serves UDP (replying at once, or later for delayed answers, from a queue it
/// keeps) and accepts TCP connections; each connection is served on a thread of its own, so a
/// slow or silent client holds up nobody. ``stop()`` wakes them all and waits for them; each
/// thread closes the sockets it owns before it ends.
///
/// `@unchecked Sendable`: `stopping` and `connections` are only read and written under `lock`;
/// the descriptors are immutable, and each is closed by exactly one thread, after every
/// other thread that uses it has ended or been told to (a connection is shut down by
/// ``stop()`` only while it is still registered, that is, before its thread closes it).
final class DNSResponderRun: @unchecked Sendable {
    /// The port both sockets are bound to.
    let port: UInt16

    private let udp: Int32
    private let listener: Int32
    private let wakeReader: Int32
    private let wakeWriter: Int32
    private let table: DNSAnswerTable
    private let lock = NSLock()
    private var stopping = false
    private var connections: Set<Int32> = []
    private let finished = DispatchGroup()

    /// Connections served at once; more are closed on arrival.
    static let maximumConnections = 32
    /// Delayed UDP replies waiting at once; more are dropped.
    static let maximumPendingReplies = 1_024
    /// How long a connection may stay idle (or a client take to send a query) before it is closed.
    static let idleMilliseconds: Int32 = 10_000

    /// Binds UDP and TCP on the same loopback port (any free one when `port` is 0) and starts
    /// serving.
    ///
    /// - Throws: ``LoopbackDNSResponderError``.
    static func start(family: LoopbackDNSResponder.AddressFamily, port: UInt16,
                      table: DNSAnswerTable) throws(LoopbackDNSResponderError) -> DNSResponderRun {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw LoopbackDNSResponderError(.socketFailed, "The responder could not create its wake-up pipe (\(String(cString: strerror(errno)))). Close unused files or raise the open-file limit.")
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // With port 0 the OS picks a free UDP port, which TCP may already use: try a few.
        let attempts = port == 0 ? 16 : 1
        var lastError = POSIXError(.EADDRINUSE)
        for _ in 0..<attempts {
            let udp: (descriptor: Int32, port: UInt16)
            switch DNSResponderSocket.bound(family: family, type: DNSResponderSocket.datagram, port: port) {
            case .success(let bound): udp = bound
            case .failure(let error):
                lastError = error
                continue
            }
            switch DNSResponderSocket.bound(family: family, type: DNSResponderSocket.stream, port: udp.port) {
            case .success(let tcp):
                let run = DNSResponderRun(port: udp.port, udp: udp.descriptor, listener: tcp.descriptor,
                                          wakeReader: pipeEnds[0], wakeWriter: pipeEnds[1], table: table)
                run.launch()
                return run
            case .failure(let error):
                lastError = error
                close(udp.descriptor)
            }
        }
        close(pipeEnds[0])
        close(pipeEnds[1])
        let host = family == .ipv4 ? "127.0.0.1" : "[::1]"
        let reason = String(cString: strerror(lastError.code.rawValue))
        if lastError.code == .EADDRINUSE || lastError.code == .EACCES {
            throw LoopbackDNSResponderError(.portUnavailable,
                "The responder could not listen on \(host):\(port) (\(reason)). Pick another port, or pass 0 to let the system choose one.")
        }
        throw LoopbackDNSResponderError(.socketFailed,
            "The responder could not open its sockets on \(host) (\(reason))\(family == .ipv6 ? "; this machine may have no IPv6 loopback" : "").")
    }

    private init(port: UInt16, udp: Int32, listener: Int32, wakeReader: Int32, wakeWriter: Int32,
                 table: DNSAnswerTable) {
        self.port = port
        self.udp = udp
        self.listener = listener
        self.wakeReader = wakeReader
        self.wakeWriter = wakeWriter
        self.table = table
    }

    private func launch() {
        finished.enter()
        let thread = Thread { [self] in serveDatagramsAndConnections() }
        thread.name = "LoopbackDNSResponder UDP :\(port)"
        thread.start()
    }

    /// Stops serving: wakes every thread, waits for all of them to end, closes the sockets.
    /// Later calls wait for the same end.
    func stop() {
        let first = lock.withLock { () -> Bool in
            guard !stopping else { return false }
            stopping = true
            for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
            return true
        }
        guard first else {
            finished.wait()
            return
        }
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1)
        finished.wait()
        close(wakeWriter)
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    // MARK: - UDP and accepting

    private struct PendingReply {
        var due: ContinuousClock.Instant
        var bytes: [UInt8]
        var address: sockaddr_storage
        var addressLength: socklen_t
    }

    private func serveDatagramsAndConnections() {
        defer {
            close(udp)
            close(listener)
            close(wakeReader)
            finished.leave()
        }
        let clock = ContinuousClock()
        var pending: [PendingReply] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let now = clock.now
            pending.removeAll { reply in
                guard reply.due <= now else { return false }
                sendDatagram(reply.bytes, to: reply.address, length: reply.addressLength)
                return true
            }
            let timeout = pending.map(\.due).min().map { Self.milliseconds(until: $0, from: now) } ?? -1
            var entries = [
                pollfd(fd: udp, events: Int16(POLLIN), revents: 0),
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&entries, nfds_t(entries.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if entries[2].revents != 0 { return }
            if entries[0].revents & Int16(POLLIN) != 0 {
                receiveDatagrams(into: &buffer, pending: &pending, now: now)
            }
            if entries[1].revents & Int16(POLLIN) != 0 { acceptConnections() }
        }
    }

    private func receiveDatagrams(into buffer: inout [UInt8], pending: inout [PendingReply],
                                  now: ContinuousClock.Instant) {
        // A bounded batch, so a flood cannot starve the wake-up pipe or the listener.
        for _ in 0..<64 {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(udp, raw.baseAddress, raw.count, 0, $0, &length)
                    }
                }
            }
            guard count >= 0 else { return }
            guard case .send(let bytes, let wait) = response(to: Array(buffer[0..<count]), overTCP: false) else { continue }
            if wait <= .zero {
                sendDatagram(bytes, to: address, length: length)
            } else if pending.count < Self.maximumPendingReplies {
                pending.append(PendingReply(due: now + wait, bytes: bytes, address: address, addressLength: length))
            }
        }
    }

    private func sendDatagram(_ bytes: [UInt8], to address: sockaddr_storage, length: socklen_t) {
        var address = address
        _ = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(udp, raw.baseAddress, raw.count, DNSResponderSocket.sendFlags, $0, length)
                }
            }
        }
    }

    private func acceptConnections() {
        for _ in 0..<16 {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) | O_NONBLOCK)
            #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let admitted = lock.withLock { () -> Bool in
                guard !stopping, connections.count < Self.maximumConnections else { return false }
                connections.insert(connection)
                finished.enter()
                return true
            }
            guard admitted else {
                close(connection)
                continue
            }
            let thread = Thread { [self] in serve(connection: connection) }
            thread.name = "LoopbackDNSResponder TCP :\(port)"
            thread.start()
        }
    }

    // MARK: - TCP

    private func serve(connection: Int32) {
        defer {
            lock.withLock { _ = connections.remove(connection) }
            close(connection)
            finished.leave()
        }
        while !isStopping {
            guard let prefix = DNSResponderSocket.receiveExactly(2, from: connection, milliseconds: Self.idleMilliseconds) else {
                return
            }
            let length = Int(prefix[0]) << 8 | Int(prefix[1])
            guard length >= 12,
                  let message = DNSResponderSocket.receiveExactly(length, from: connection, milliseconds: Self.idleMilliseconds) else {
                if length < 12 { table.count { $0.malformedMessages += 1 } }
                return
            }
            switch response(to: message, overTCP: true) {
            case .drop:
                return
            case .silence:
                continue
            case .send(let bytes, let wait):
                if wait > .zero, !pause(connection, for: wait) { return }
                let framed = [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
                guard DNSResponderSocket.sendAll(framed, to: connection, milliseconds: 5_000) else { return }
            }
        }
    }

    /// Waits `duration` unless the responder stops or the connection breaks first; true when
    /// the whole wait passed.
    private func pause(_ connection: Int32, for duration: Duration) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + duration
        while clock.now < end {
            // No events asked: only a hang-up (stop() shuts the connection down) or an error wakes it.
            if DNSResponderSocket.wait(connection, for: 0, milliseconds: Self.milliseconds(until: end, from: clock.now)) != 0 {
                return false
            }
        }
        return !isStopping
    }

    // MARK: - Answering

    private enum Response {
        case send([UInt8], after: Duration)
        case silence
        case drop
    }

    private func response(to message: [UInt8], overTCP: Bool) -> Response {
        let limit = overTCP ? DNSReply.tcpLimit : DNSReply.udpLimit
        switch DNSQuery.read(message) {
        case .ignored:
            table.count { $0.malformedMessages += 1 }
            return .drop
        case .malformed(let id, let flags):
            table.count { $0.malformedMessages += 1 }
            return .send(DNSReply.formatError(id: id, flags: flags).encoded(limit: limit).bytes, after: .zero)
        case .unsupportedOpcode(let id, let flags):
            table.count { $0.malformedMessages += 1 }
            return .send(DNSReply.notImplemented(id: id, flags: flags).encoded(limit: limit).bytes, after: .zero)
        case .query(let query):
            table.count { overTCP ? ($0.tcpQueries += 1) : ($0.udpQueries += 1) }
            switch DNSReply.plan(for: query, overTCP: overTCP, answer: table.answer(forKey:)) {
            case .silence:
                return .silence
            case .reply(let reply, let wait):
                let (bytes, truncated) = reply.encoded(limit: limit)
                if truncated { table.count { $0.truncatedReplies += 1 } }
                return .send(bytes, after: wait)
            }
        }
    }

    private static func milliseconds(until end: ContinuousClock.Instant, from now: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = (end - now).components
        guard seconds >= 0, !(seconds == 0 && attoseconds <= 0) else { return 0 }
        // Rounded up, so a wait never ends just before its due time and spins.
        let total = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(total, Int64(Int32.max)))
    }
}
