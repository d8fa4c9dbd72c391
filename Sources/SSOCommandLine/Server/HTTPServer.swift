import Foundation
import SelfServeSSO
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 server of `sso serve`: POSIX sockets and one event-loop thread.
///
/// Every socket is non-blocking and watched with `poll`, so a slow client costs a descriptor
/// and a small buffer, never a thread. Requests are handed to the async handler as whole
/// values (head and body read first, within ``HTTPServerLimits``); responses are written
/// back by the loop. Keep-alive and pipelining are supported; bodies need a
/// `Content-Length` (`Expect: 100-continue` is honoured). Time-outs close connections that
/// are too slow to send a head or a body, or sit idle; at the connection cap the idlest or
/// slowest reading connection makes room. ``stop()`` stops accepting, lets requests in
/// progress finish (up to 10 seconds), then closes everything.
///
/// Meant to sit behind a TLS-terminating proxy on the same machine: it speaks plain HTTP.
package final class HTTPServer: @unchecked Sendable {
    // @unchecked Sendable: the connections, listener and loop state are touched only by the
    // event-loop thread; what other threads share (handler results, the stop flag) is behind
    // `lock`, and they reach the loop through the wake pipe.

    /// The handler: a request in, a response out.
    package typealias Handler = @Sendable (WebRequest) async -> WebResponse

    /// The port actually bound.
    package let port: UInt16
    /// The host it listens on.
    package let host: String

    private let limits: HTTPServerLimits
    private let handler: Handler
    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lock = NSLock()
    private var completed: [(connection: Int32, number: UInt64, response: WebResponse, headOnly: Bool, keepAlive: Bool)] = []
    private var stopRequested = false
    private let stopped = DispatchSemaphore(value: 0)
    private var connections: [Int32: ServerConnection] = [:]
    /// When the loop may watch the listener again after running out of descriptors.
    private var listenerPausedUntil = 0.0
    /// Numbers requests across the server, so an answer is never delivered to another
    /// connection that reused a closed one's descriptor.
    private var nextRequestNumber: UInt64 = 0
    /// Handlers running now, and requests waiting for one, oldest first.
    private var runningHandlers = 0
    private var waiting: [PendingRequest] = []
    private var waitingStart = 0

    /// A complete request waiting for a handler.
    private struct PendingRequest {
        let descriptor: Int32
        let number: UInt64
        let request: WebRequest
        let headOnly: Bool
        let keepAlive: Bool
    }

    /// Binds and listens (the loop starts with ``start()``).
    /// - Throws: ``ListeningSocket/Failure`` when the address cannot be bound.
    package init(host: String, port: UInt16, limits: HTTPServerLimits = HTTPServerLimits(), handler: @escaping Handler) throws {
        let (descriptor, bound) = try ListeningSocket.open(host: host, port: port)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(descriptor)
            throw ListeningSocket.Failure(message: "Cannot create the server's wake-up pipe: \(ListeningSocket.errorText()).")
        }
        for end in fds {
            ListeningSocket.setNonBlocking(end)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        listener = descriptor
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.port = bound
        self.host = host
        self.limits = limits
        self.handler = handler
    }

    /// Starts the event loop on its own thread.
    package func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "sso-serve-http"
        thread.start()
    }

    /// Asks the server to stop: no new connections; requests in progress finish.
    package func stop() {
        lock.withLock { stopRequested = true }
        wake()
    }

    /// Waits until the loop has stopped and every socket is closed.
    package func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread { [stopped] in
                stopped.wait()
                stopped.signal()
                continuation.resume()
            }.start()
        }
    }

    /// The number of open connections (for tests and the load test's report).
    package var connectionCount: Int { lock.withLock { openConnections } }
    private var openConnections = 0

    // MARK: - The loop

    private static func monotonic() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func loop() {
        var stopping = false
        var stopDeadline = Double.infinity
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let now = Self.monotonic()
            if !stopping, lock.withLock({ stopRequested }) {
                stopping = true
                stopDeadline = now + 10
                close(listener)
                for connection in connections.values where connection.isQuiet || { if case .readingHead = connection.state { return connection.input.isEmpty } else { return false } }() {
                    closeConnection(connection)
                }
            }
            if stopping, connections.isEmpty || now >= stopDeadline { break }

            var descriptors: [pollfd] = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            var nearest = stopping ? stopDeadline : now + 1
            if !stopping {
                if now >= listenerPausedUntil {
                    descriptors.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
                } else {
                    nearest = min(nearest, listenerPausedUntil)
                }
            }
            for connection in connections.values {
                nearest = min(nearest, connection.deadline)
                if connection.wantsInput {
                    descriptors.append(pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0))
                } else if case .writing = connection.state {
                    descriptors.append(pollfd(fd: connection.descriptor, events: Int16(POLLOUT), revents: 0))
                }
            }
            let timeout = Int32(max(0, min(1000, (nearest - now) * 1000)).rounded(.up))
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0, errno != EINTR { break }

            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == wakeRead {
                    var sink = [UInt8](repeating: 0, count: 256)
                    while read(wakeRead, &sink, sink.count) > 0 {}
                } else if descriptor.fd == listener {
                    acceptConnections()
                } else if let connection = connections[descriptor.fd] {
                    if connection.wantsInput {
                        readAvailable(connection, buffer: &buffer)
                    } else if case .writing = connection.state {
                        writeAvailable(connection)
                    }
                }
            }
            deliverCompleted(stopping: stopping)
            expireDeadlines(now: Self.monotonic())
        }
        for connection in Array(connections.values) { closeConnection(connection) }
        if !stopping { close(listener) }
        close(wakeRead)
        close(wakeWrite)
        stopped.signal()
    }

    // MARK: Accepting

    private func acceptConnections() {
        // Accept what is waiting, in bounded batches so reading connections are not starved.
        for _ in 0..<64 {
            let descriptor: Int32
            let remote: String
            switch ListeningSocket.acceptOne(listener) {
            case .connection(let accepted, let address):
                descriptor = accepted
                remote = address
            case .none:
                return
            case .exhausted:
                // Out of descriptors: free one, or stop watching the listener for a moment
                // (it would otherwise wake the loop at once, again and again).
                if !evictOne() { listenerPausedUntil = Self.monotonic() + 0.1 }
                return
            }
            if connections.count >= limits.maximumConnections, !evictOne() {
                let refusal = ServerConnection.serialize(ServerConnection.plain(503, "The server is busy. Try again in a moment."),
                                                         headOnly: false, keepAlive: false)
                _ = refusal.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(descriptor)
                continue
            }
            ListeningSocket.disableNagle(descriptor)
            let now = Self.monotonic()
            let connection = ServerConnection(descriptor: descriptor, remote: remote, now: now, idleTimeout: limits.headerTimeout)
            connections[descriptor] = connection
            lock.withLock { openConnections = connections.count }
        }
    }

    /// Closes the connection that is idle longest, or else the one receiving its request for
    /// longest (a slow client), to make room for a new one.
    private func evictOne() -> Bool {
        let candidates = connections.values.filter(\.isEvictable)
        let victim = candidates.filter(\.isQuiet).min { $0.stateStarted < $1.stateStarted }
            ?? candidates.min { $0.stateStarted < $1.stateStarted }
        guard let victim else { return false }
        closeConnection(victim)
        return true
    }

    // MARK: Reading

    private func readAvailable(_ connection: ServerConnection, buffer: inout [UInt8]) {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                connection.input.append(contentsOf: buffer[0..<count])
                // Never buffer more than one request's worth: the head limit plus the body limit.
                if connection.input.count > limits.maximumHeaderBytes + limits.maximumBodyBytes + 4 { break }
                if count < buffer.count { break }
            } else if count == 0 {
                closeConnection(connection)
                return
            } else {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { break }
                closeConnection(connection)
                return
            }
        }
        advance(connection)
    }

    /// Moves a connection forward with the bytes it has: starts, completes or refuses a request.
    private func advance(_ connection: ServerConnection) {
        let now = Self.monotonic()
        if case .idle = connection.state, !connection.input.isEmpty {
            connection.state = .readingHead
            connection.deadline = now + limits.headerTimeout
            connection.stateStarted = now
        }
        if case .readingHead = connection.state {
            let searchStart = max(0, connection.headSearchFrom - 3)
            guard let end = Self.headEnd(connection.input, from: searchStart) else {
                connection.headSearchFrom = connection.input.count
                if connection.input.count > limits.maximumHeaderBytes {
                    refuse(connection, 431, "The request's headers are larger than \(limits.maximumHeaderBytes) bytes.")
                }
                return
            }
            connection.headSearchFrom = 0
            guard end <= limits.maximumHeaderBytes else {
                refuse(connection, 431, "The request's headers are larger than \(limits.maximumHeaderBytes) bytes.")
                return
            }
            let head: RequestHead
            do throws(RequestHead.Refusal) {
                head = try RequestHead.parse(connection.input[0..<end])
            } catch {
                refuse(connection, error.status, error.reason)
                return
            }
            let length = head.contentLength
            guard length <= limits.maximumBodyBytes else {
                refuse(connection, 413, "The request body is larger than \(limits.maximumBodyBytes) bytes.")
                return
            }
            if head.expectsContinue, length > 0, connection.input.count < end + 4 + length {
                let message = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                _ = message.withUnsafeBytes { send(connection.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            connection.state = .readingBody(head: head, bodyStart: end + 4, length: length)
            connection.deadline = now + limits.bodyTimeout
        }
        if case .readingBody(let head, let bodyStart, let length) = connection.state {
            guard connection.input.count >= bodyStart + length else { return }
            let body = Data(connection.input[bodyStart..<(bodyStart + length)])
            connection.input.removeFirst(bodyStart + length)
            dispatch(head, body: body, on: connection)
        }
    }

    /// The index of the `\r\n\r\n` ending a head, or nil.
    private static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = start
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    private func refuse(_ connection: ServerConnection, _ status: Int, _ message: String) {
        connection.input = []
        connection.send(ServerConnection.plain(status, message), headOnly: false, keepAlive: false)
        connection.deadline = Self.monotonic() + limits.writeTimeout
        writeAvailable(connection)
    }

    // MARK: Handling

    private func dispatch(_ head: RequestHead, body: Data, on connection: ServerConnection) {
        nextRequestNumber += 1
        let number = nextRequestNumber
        connection.state = .processing(request: number)
        connection.deadline = Self.monotonic() + limits.handlerTimeout
        let request = WebRequest(method: head.method, target: head.target, headers: head.headers, body: body,
                                  remoteAddress: connection.remote)
        let pending = PendingRequest(
            descriptor: connection.descriptor, number: number, request: request, headOnly: head.method == "HEAD",
            keepAlive: head.keepAlive && connection.requests + 1 < limits.maximumRequestsPerConnection)
        if runningHandlers < limits.maximumConcurrentHandlers {
            run(pending)
        } else {
            waiting.append(pending)
        }
    }

    /// Runs a request's handler; its answer comes back through `completed` and the wake pipe.
    private func run(_ pending: PendingRequest) {
        runningHandlers += 1
        let handler = handler
        Task { [self] in
            let response = await handler(pending.request)
            lock.withLock {
                completed.append((connection: pending.descriptor, number: pending.number, response: response,
                                  headOnly: pending.headOnly, keepAlive: pending.keepAlive))
            }
            wake()
        }
    }

    /// Starts waiting requests while handlers are free, skipping those whose connection
    /// closed or timed out meanwhile.
    private func startWaiting() {
        while runningHandlers < limits.maximumConcurrentHandlers, waitingStart < waiting.count {
            let next = waiting[waitingStart]
            waitingStart += 1
            if let connection = connections[next.descriptor], case .processing(let number) = connection.state, number == next.number {
                run(next)
            }
        }
        if waitingStart == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingStart = 0
        } else if waitingStart > 1024 {
            waiting.removeFirst(waitingStart)
            waitingStart = 0
        }
    }

    private func deliverCompleted(stopping: Bool) {
        let ready = lock.withLock {
            let items = completed
            completed = []
            return items
        }
        runningHandlers -= ready.count
        defer { startWaiting() }
        for item in ready {
            guard let connection = connections[item.connection],
                  case .processing(let number) = connection.state, number == item.number else { continue }
            connection.requests += 1
            connection.send(item.response, headOnly: item.headOnly, keepAlive: item.keepAlive && !stopping)
            connection.deadline = Self.monotonic() + limits.writeTimeout
            writeAvailable(connection)
        }
    }

    // MARK: Writing

    private func writeAvailable(_ connection: ServerConnection) {
        while connection.outputOffset < connection.output.count {
            let sent = connection.output.withUnsafeBytes { bytes in
                send(connection.descriptor, bytes.baseAddress! + connection.outputOffset,
                     bytes.count - connection.outputOffset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outputOffset += sent
            } else if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                return
            } else {
                closeConnection(connection)
                return
            }
        }
        if connection.closeAfterWrite {
            closeConnection(connection)
            return
        }
        let now = Self.monotonic()
        connection.output = []
        connection.outputOffset = 0
        connection.state = .idle
        connection.deadline = now + limits.idleTimeout
        connection.stateStarted = now
        // A pipelined request may already be waiting in the buffer.
        if !connection.input.isEmpty { advance(connection) }
    }

    // MARK: Time-outs

    private func expireDeadlines(now: Double) {
        for connection in Array(connections.values) where connection.deadline <= now {
            switch connection.state {
            case .idle:
                closeConnection(connection)
            case .readingHead, .readingBody:
                refuse(connection, 408, "The request was not received in time.")
            case .processing:
                // The handler's late answer is ignored (the connection no longer waits for its
                // request number), and a request still waiting for a handler is dropped.
                connection.send(ServerConnection.plain(503, "The request took too long to answer."), headOnly: false, keepAlive: false)
                connection.deadline = now + limits.writeTimeout
                writeAvailable(connection)
            case .writing:
                closeConnection(connection)
            }
        }
    }

    private func closeConnection(_ connection: ServerConnection) {
        guard connections.removeValue(forKey: connection.descriptor) != nil else { return }
        close(connection.descriptor)
        lock.withLock { openConnections = connections.count }
    }
}
