import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (a port the kernel picks) serving canned responses,
/// so the real metadata fetcher can be tested without any traffic off this machine.
///
/// One thread accepts; each connection is answered on its own thread (so a deliberately
/// slow answer does not hold up others) and closed after one response.
final class LoopbackHTTPServer: Sendable {
    /// A canned answer.
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body = Data()
        /// Seconds to wait before answering (timeout tests).
        var delay: TimeInterval = 0
        /// Send no Content-Length and end the body by closing (streamed-size tests).
        var omitContentLength = false

        static func ok(_ body: Data, contentType: String = "application/samlmetadata+xml") -> Response {
            Response(status: 200, headers: [("Content-Type", contentType)], body: body)
        }

        static func redirect(_ location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }
    }

    let port: UInt16
    private let listener: Int32
    private let routes: [String: Response]
    private let log = RequestLog()

    /// Starts serving `routes` (path → response; unknown paths get 404).
    init(routes: [String: Response]) throws {
        let descriptor = socket(AF_INET, Self.streamType, 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = descriptor
        self.routes = routes
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// The request paths received so far, in order.
    var requestedPaths: [String] { log.paths }

    /// Stops accepting connections; the accept thread then closes the socket. Call once
    /// per server (a `defer` right after creating it); later calls do nothing.
    func stop() {
        if log.markStopped() { shutdown(listener, Int32(SHUT_RDWR)) }
    }

    // MARK: - Serving

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    #endif

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            #if canImport(Darwin)
            var noSignal: Int32 = 1
            setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        guard let path = readRequestPath(connection) else { return }
        log.append(path)
        let response = routes[path] ?? Response(status: 404, body: Data("not found".utf8))
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var head = "HTTP/1.1 \(response.status) Canned\r\nConnection: close\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if !response.omitContentLength { head += "Content-Length: \(response.body.count)\r\n" }
        head += "\r\n"
        guard write(Data(head.utf8), to: connection) else { return }
        // Stream the body in pieces so a client that stops reading is noticed.
        var offset = 0
        while offset < response.body.count {
            let end = min(offset + 16_384, response.body.count)
            guard write(response.body[offset..<end], to: connection) else { return }
            offset = end
        }
    }

    private func readRequestPath(_ connection: Int32) -> String? {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 65_536 {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            received.append(contentsOf: buffer[0..<count])
            if received.range(of: Data("\r\n\r\n".utf8)) != nil { break }
        }
        let requestLine = String(decoding: received, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = requestLine.split(separator: " ")
        return parts.count >= 2 ? String(parts[1]) : nil
    }

    private func write(_ data: Data, to connection: Int32) -> Bool {
        data.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = send(connection, raw.baseAddress! + sent, raw.count - sent, Self.sendFlags)
                if count <= 0 { return false }
                sent += count
            }
            return true
        }
    }
}

/// The paths a `LoopbackHTTPServer` received.
///
/// `@unchecked Sendable`: `storage` and `stopped` are only read and written under `lock`.
private final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    private var stopped = false

    /// Marks the server stopped; true the first time only.
    func markStopped() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if stopped { return false }
        stopped = true
        return true
    }

    var paths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    func append(_ path: String) {
        lock.lock()
        storage.append(path)
        lock.unlock()
    }
}
