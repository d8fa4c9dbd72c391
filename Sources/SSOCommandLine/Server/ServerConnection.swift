import Foundation
import SelfServeSSO

/// One client connection of ``HTTPServer``: its bytes in and out and where it is in the
/// request cycle. Only the server's event-loop thread touches it.
final class ServerConnection {
    enum State {
        /// Kept alive, waiting for the next request's first byte.
        case idle
        /// Receiving a request head.
        case readingHead
        /// Receiving a body of `length` bytes after a head that ended at `bodyStart`.
        case readingBody(head: RequestHead, bodyStart: Int, length: Int)
        /// The handler is running (or waiting to run) the server's request number `request`.
        case processing(request: UInt64)
        /// Sending a response.
        case writing
    }

    let descriptor: Int32
    let remote: String
    var state: State = .idle
    /// Received bytes not yet consumed by a request.
    var input: [UInt8] = []
    /// Where the search for the end of the head resumes.
    var headSearchFrom = 0
    /// Bytes to send, and how many were sent.
    var output: [UInt8] = []
    var outputOffset = 0
    /// Whether to close once the output is sent.
    var closeAfterWrite = false
    /// When the current state times out (monotonic seconds).
    var deadline: Double
    /// When the current state began, to pick which connection to evict at capacity.
    var stateStarted: Double
    /// Requests answered on this connection.
    var requests = 0

    init(descriptor: Int32, remote: String, now: Double, idleTimeout: Double) {
        self.descriptor = descriptor
        self.remote = remote
        deadline = now + idleTimeout
        stateStarted = now
    }

    /// Whether the connection is waiting for bytes from the client.
    var wantsInput: Bool {
        switch state {
        case .idle, .readingHead, .readingBody: true
        case .processing, .writing: false
        }
    }

    /// Whether closing it loses no work (nothing received, nothing being answered).
    var isQuiet: Bool {
        if case .idle = state { return input.isEmpty }
        return false
    }

    /// Whether it may be closed to make room: idle, or still receiving a request.
    var isEvictable: Bool {
        switch state {
        case .idle, .readingHead, .readingBody: true
        case .processing, .writing: false
        }
    }

    /// Queues a response for sending.
    func send(_ response: WebResponse, headOnly: Bool, keepAlive: Bool) {
        output = Self.serialize(response, headOnly: headOnly, keepAlive: keepAlive)
        outputOffset = 0
        closeAfterWrite = !keepAlive
        state = .writing
    }

    /// A response as HTTP/1.1 bytes: status line, the handler's headers (framing headers are
    /// the server's own; a header with a line break is dropped rather than sent), a
    /// Content-Length, and `Connection: close` when closing.
    static func serialize(_ response: WebResponse, headOnly: Bool, keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(WebResponse.reasonPhrase(response.status))\r\n"
        for (name, value) in response.headers {
            let lower = name.lowercased()
            if lower == "content-length" || lower == "connection" || lower == "transfer-encoding" || lower == "keep-alive" { continue }
            // Bytes, not Characters: "\r\n" is one Character and would slip past a check for "\r".
            if name.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == UInt8(ascii: ":") })
                || value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) {
                continue
            }
            head += "\(name): \(value)\r\n"
        }
        if !headOnly, response.status != 204, response.status != 304 {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if !keepAlive { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !headOnly { bytes.append(contentsOf: response.body) }
        return bytes
    }

    /// A small plain-text response the server writes itself (a refused head, a time-out).
    static func plain(_ status: Int, _ message: String) -> WebResponse {
        WebResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8",
                                               "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"],
                     body: Data((message + "\n").utf8))
    }
}
