import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The few socket calls the server needs, with their errors as values.
enum ListeningSocket {
    /// Why the server could not listen.
    struct Failure: Error, Equatable, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Opens a non-blocking listening TCP socket on `host` (an IPv4 or IPv6 address, or
    /// `localhost`) and `port` (0 for any free port).
    /// - Returns: The descriptor and the port actually bound.
    static func open(host: String, port: UInt16, backlog: Int32 = 1024) throws(Failure) -> (descriptor: Int32, port: UInt16) {
        let address = host == "localhost" ? "127.0.0.1" : host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        var v4 = in_addr()
        var v6 = in6_addr()
        let descriptor: Int32
        if inet_pton(AF_INET, address, &v4) == 1 {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = port.bigEndian
            socketAddress.sin_addr = v4
            descriptor = try bound(family: AF_INET, to: &socketAddress, naming: "\(host):\(port)")
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = port.bigEndian
            socketAddress.sin6_addr = v6
            descriptor = try bound(family: AF_INET6, to: &socketAddress, naming: "[\(address)]:\(port)")
        } else {
            throw Failure(message: "'\(host)' is not an IP address. Give an address such as 127.0.0.1, ::1 or 0.0.0.0.")
        }
        guard listen(descriptor, backlog) == 0 else {
            let text = errorText()
            close(descriptor)
            throw Failure(message: "Cannot listen on \(host):\(port): \(text).")
        }
        setNonBlocking(descriptor)
        return (descriptor, boundPort(descriptor) ?? port)
    }

    /// A new TCP socket of `family` (address reuse on) bound to `address`, a `sockaddr_in` or
    /// `sockaddr_in6`; closed again when binding fails.
    private static func bound<Address>(family: Int32, to address: inout Address, naming name: String) throws(Failure) -> Int32 {
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(message: "Cannot create a socket: \(errorText()).") }
        enableReuse(descriptor)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard result == 0 else {
            let text = errorText()
            close(descriptor)
            throw Failure(message: "Cannot listen on \(name): \(text).")
        }
        return descriptor
    }

    /// Whether `host` names this machine's loopback interface only.
    static func isLoopback(_ host: String) -> Bool {
        let address = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if address == "localhost" || address == "::1" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        return false
    }

    static func setNonBlocking(_ descriptor: Int32) {
        let flags = fcntl(descriptor, F_GETFL, 0)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
    }

    static func enableReuse(_ descriptor: Int32) {
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func disableNagle(_ descriptor: Int32) {
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// What one accept call gave.
    enum Accepted {
        /// A connection and its peer's address text.
        case connection(Int32, remote: String)
        /// No connection is waiting (or the call was interrupted).
        case none
        /// Accepting failed for lack of resources (descriptors, memory): a connection is
        /// waiting but cannot be taken until one is closed.
        case exhausted
    }

    /// Accepts one connection without blocking.
    static func acceptOne(_ listener: Int32) -> Accepted {
        if let (descriptor, remote) = accept(listener) { return .connection(descriptor, remote: remote) }
        switch errno {
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
        default: return .none
        }
    }

    /// Accepts one connection without blocking.
    /// - Returns: The descriptor and the peer's address text, or nil when none is waiting.
    static func accept(_ listener: Int32) -> (descriptor: Int32, remote: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let descriptor = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard descriptor >= 0 else { return nil }
        setNonBlocking(descriptor)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return (descriptor, addressText(&storage))
    }

    private static func boundPort(_ descriptor: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) } }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) } }
        default:
            return nil
        }
    }

    private static func addressText(_ storage: inout sockaddr_storage) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
                }
            }
        case AF_INET6:
            withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var address = pointer.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                }
            }
        default:
            return "unknown"
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
