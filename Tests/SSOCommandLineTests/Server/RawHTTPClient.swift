import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb HTTP client over a blocking loopback socket: it sends exactly the
/// bytes a test gives it and reads what comes back, so tests can send what no real client
/// would (slow heads, oversized headers, pipelined requests). Every read has a time-out, so
/// a server bug fails the test instead of hanging it (60 s: long enough for a handler to get a
/// thread while a full parallel test run under a sanitizer keeps the cooperative pool busy). Blocking reads run on their own
/// thread (``offload(_:)``): blocking a thread of Swift's small cooperative pool would starve
/// the server's handler tasks under test.
final class RawHTTPClient: @unchecked Sendable {
    // @unchecked Sendable: the descriptor never changes; a test uses a client from one task
    // at a time.
    let descriptor: Int32

    init(port: UInt16, receiveTimeout: TimeInterval = 60) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ClientError(message: "socket failed") }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1_000_000))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw ClientError(message: "connect failed")
        }
    }

    deinit { close(descriptor) }

    struct ClientError: Error { let message: String }

    func send(_ text: String) { send(Data(text.utf8)) }

    func send(_ data: Data) {
        _ = data.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Runs blocking work on a new thread and waits for it without holding a pool thread.
    private func offload<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    func readToEnd() async -> String { await offload { self.blockingReadToEnd() } }

    func readResponse() async -> (status: Int, head: String, body: String)? { await offload { self.blockingReadResponse() } }

    func isClosedByPeer() async -> Bool { await offload { self.blockingIsClosedByPeer() } }

    /// `recv`, again when a signal interrupted it: with `SO_RCVTIMEO` set, Linux never restarts
    /// it (signal(7)), and other tests' child processes send SIGCHLD to any thread.
    private func receive(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let got = recv(descriptor, buffer, count, 0)
            if got >= 0 || errno != EINTR { return got }
        }
    }

    /// Reads until the peer closes (or the time-out), returning everything.
    private func blockingReadToEnd() -> String {
        var result = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = receive(&buffer, buffer.count)
            if count <= 0 { break }
            result += buffer[0..<count]
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Reads one response (head and Content-Length body), leaving the connection open.
    private func blockingReadResponse() -> (status: Int, head: String, body: String)? {
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1)
        while !bytes.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard receive(&buffer, 1) == 1 else { return nil }
            bytes.append(buffer[0])
        }
        let head = String(decoding: bytes, as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let length = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        var body = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while body.count < length {
            let count = receive(&chunk, min(chunk.count, length - body.count))
            guard count > 0 else { return nil }
            body += chunk[0..<count]
        }
        return (status, head, String(decoding: body, as: UTF8.self))
    }

    /// Whether the server closed the connection (a read returns end of file).
    private func blockingIsClosedByPeer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = receive(&buffer, buffer.count)
            if count == 0 { return true }
            if count < 0 { return false }
        }
    }
}
