import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX socket calls the responder makes, with the platform differences in one place.
enum DNSResponderSocket {
    #if canImport(Glibc)
    static let datagram = Int32(SOCK_DGRAM.rawValue)
    static let stream = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    static let datagram = SOCK_DGRAM
    static let stream = SOCK_STREAM
    static let sendFlags: Int32 = 0
    #endif

    /// A socket bound to the loopback address of `family` on `port` (0: the OS picks), set
    /// non-blocking and close-on-exec; a stream socket also listens. Returns the descriptor and
    /// the bound port, or the errno of the call that failed.
    static func bound(family: LoopbackDNSResponder.AddressFamily, type: Int32, port: UInt16)
        -> Result<(descriptor: Int32, port: UInt16), POSIXError> {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let descriptor = socket(domain, type, 0)
        guard descriptor >= 0 else { return .failure(lastError()) }
        func fail() -> Result<(descriptor: Int32, port: UInt16), POSIXError> {
            let error = lastError()
            close(descriptor)
            return .failure(error)
        }
        guard fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0,
              fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else { return fail() }
        var yes: Int32 = 1
        if type == stream {
            // Lets a restarted responder take its port back while old connections linger in
            // TIME_WAIT.
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        }
        #if canImport(Darwin)
        setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var storage = sockaddr_storage()
        let length: socklen_t
        if family == .ipv4 {
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    address.pointee.sin_family = sa_family_t(AF_INET)
                    address.pointee.sin_port = port.bigEndian
                    address.pointee.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
                }
            }
        } else {
            setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &yes, socklen_t(MemoryLayout<Int32>.size))
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    address.pointee.sin6_family = sa_family_t(AF_INET6)
                    address.pointee.sin6_port = port.bigEndian
                    address.pointee.sin6_addr = in6addr_loopback
                }
            }
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { return fail() }
        if type == stream, listen(descriptor, 32) != 0 { return fail() }
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &actualLength) }
        }
        guard named == 0 else { return fail() }
        let boundPort = withUnsafePointer(to: &actual) { pointer in
            family == .ipv4
                ? pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
                : pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
        }
        return .success((descriptor, boundPort))
    }

    /// Waits up to `milliseconds` (-1: no limit) for `events` on `descriptor`; returns the
    /// events that happened (0 on time-out), retrying when a signal interrupts.
    static func wait(_ descriptor: Int32, for events: Int16, milliseconds: Int32) -> Int16 {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready >= 0 { return ready == 0 ? 0 : entry.revents }
            if errno != EINTR { return Int16(POLLERR) }
        }
    }

    /// Writes all of `bytes` to a connected stream socket, waiting at most `milliseconds` for
    /// room each time; false when the peer went away or did not read in time.
    static func sendAll(_ bytes: [UInt8], to descriptor: Int32, milliseconds: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { raw in
                send(descriptor, raw.baseAddress, raw.count, sendFlags)
            }
            if count > 0 {
                sent += count
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard wait(descriptor, for: Int16(POLLOUT), milliseconds: milliseconds) & Int16(POLLOUT) != 0 else { return false }
            } else {
                return false
            }
        }
        return true
    }

    /// Reads exactly `count` bytes from a stream socket, waiting at most `milliseconds` for each
    /// piece; nil when the peer closed, an error happened, or it was too slow.
    static func receiveExactly(_ count: Int, from descriptor: Int32, milliseconds: Int32) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let got = bytes[received...].withUnsafeMutableBytes { raw in
                recv(descriptor, raw.baseAddress, raw.count, 0)
            }
            if got > 0 {
                received += got
            } else if got == 0 {
                return nil
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                let events = wait(descriptor, for: Int16(POLLIN), milliseconds: milliseconds)
                guard events != 0 else { return nil }
            } else {
                return nil
            }
        }
        return bytes
    }

    private static func lastError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
