import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends raw bytes to a nameserver on 127.0.0.1 over UDP or TCP, for tests that speak to the
/// responder below the resolver: malformed messages, half-sent TCP frames.
enum RawDNSClient {
    /// A connected UDP socket to 127.0.0.1:`port`, to send several datagrams and read replies.
    final class Datagrams {
        let descriptor: Int32

        init(port: UInt16) throws {
            descriptor = socket(AF_INET, RawDNSClient.datagram, 0)
            guard descriptor >= 0 else { throw POSIXError(.EIO) }
            var address = RawDNSClient.loopback(port: port)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(descriptor)
                throw POSIXError(.ECONNREFUSED)
            }
        }

        deinit { close(descriptor) }

        func transmit(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        }

        /// The next datagram within `milliseconds`, or nil.
        func receive(milliseconds: Int32 = 15_000) -> [UInt8]? {
            guard RawDNSClient.waitReadable(descriptor, milliseconds: milliseconds) else { return nil }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            return count >= 0 ? Array(buffer[0..<count]) : nil
        }

        /// Replies until the one with `id`, within `milliseconds` in all.
        func receive(id: UInt16, milliseconds: Int32 = 15_000) -> [UInt8]? {
            let end = Date().addingTimeInterval(Double(milliseconds) / 1_000)
            while Date() < end {
                guard let reply = receive(milliseconds: Int32(max(end.timeIntervalSinceNow * 1_000, 1))) else { return nil }
                if reply.count >= 2, DNSMessage.id(reply) == id { return reply }
            }
            return nil
        }
    }

    /// A TCP connection to 127.0.0.1:`port`.
    final class Stream {
        let descriptor: Int32

        init(port: UInt16) throws {
            descriptor = socket(AF_INET, RawDNSClient.stream, 0)
            guard descriptor >= 0 else { throw POSIXError(.EIO) }
            var address = RawDNSClient.loopback(port: port)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(descriptor)
                throw POSIXError(.ECONNREFUSED)
            }
        }

        deinit { close(descriptor) }

        func transmit(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, RawDNSClient.sendFlags) }
        }

        /// Sends a query with its length prefix.
        func transmitFramed(_ message: [UInt8]) {
            transmit([UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message)
        }

        /// Reads one length-prefixed reply within `milliseconds`, or nil when the server closed
        /// the connection or was silent.
        func receiveFramed(milliseconds: Int32 = 15_000) -> [UInt8]? {
            guard let prefix = receive(2, milliseconds: milliseconds) else { return nil }
            return receive(Int(prefix[0]) << 8 | Int(prefix[1]), milliseconds: milliseconds)
        }

        /// Whether the server closed the connection within `milliseconds`.
        func closedByServer(milliseconds: Int32 = 2_000) -> Bool {
            guard RawDNSClient.waitReadable(descriptor, milliseconds: milliseconds) else { return false }
            var byte: UInt8 = 0
            return recv(descriptor, &byte, 1, 0) <= 0
        }

        private func receive(_ count: Int, milliseconds: Int32) -> [UInt8]? {
            var bytes: [UInt8] = []
            while bytes.count < count {
                guard RawDNSClient.waitReadable(descriptor, milliseconds: milliseconds) else { return nil }
                var buffer = [UInt8](repeating: 0, count: count - bytes.count)
                let got = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard got > 0 else { return nil }
                bytes += buffer[0..<got]
            }
            return bytes
        }
    }

    #if canImport(Glibc)
    static let datagram = Int32(SOCK_DGRAM.rawValue)
    static let stream = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    static let sendFlags: Int32 = 0
    static let datagram = SOCK_DGRAM
    static let stream = SOCK_STREAM
    #endif

    /// Whether `descriptor` becomes readable within `milliseconds`. A signal landing on this
    /// thread (another test's child process exiting) interrupts `poll`; the wait goes on.
    static func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int(milliseconds))
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        var wait = milliseconds
        while true {
            let ready = poll(&entry, 1, wait)
            if ready >= 0 { return ready == 1 }
            guard errno == EINTR else { return false }
            let left = end - ContinuousClock.now
            wait = left <= .zero ? 0 : Int32(left.components.seconds * 1_000 + left.components.attoseconds / 1_000_000_000_000_000)
        }
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
