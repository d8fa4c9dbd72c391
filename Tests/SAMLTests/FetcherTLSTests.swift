import Foundation
import Testing
@testable import SAML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fetcher over real TLS: `openssl s_server` on 127.0.0.1 with a self-signed certificate
/// made for the test. The fetcher must refuse it (certificate verification stays on), which
/// also shows that the https path connects, negotiates and reports TLS failures clearly.
/// (A trusted-certificate success case is not possible here: FoundationNetworking on Linux
/// takes extra CAs only from the system store, and tests must not change that.)
@Suite struct FetcherTLSTests {
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A running `openssl s_server -WWW` serving the Okta metadata fixture as `/metadata.xml`.
    final class TLSServer {
        let directory: URL
        let port: UInt16
        private let process: Process

        init(openssl: String) async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("sso-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try MetadataFixtures.data("okta-2024.xml").write(to: directory.appendingPathComponent("metadata.xml"))
            try await FetcherTLSTests.run(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                              "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=127.0.0.1",
                                              "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1"],
                                    in: directory)
            port = try FetcherTLSTests.freePort()
            process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", "cert.pem", "-key", "key.pem", "-WWW", "-quiet"]
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            do {
                try await FetcherTLSTests.waitUntilListening(port)
            } catch {
                stop()
                throw error
            }
        }

        func stop() {
            // s_server ignores SIGTERM. Foundation reaps the killed child itself.
            kill(process.processIdentifier, SIGKILL)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test(.enabled(if: openssl != nil, "needs the openssl command to run a TLS server"))
    func refusesUntrustedServerCertificate() async throws {
        let server = try await TLSServer(openssl: try #require(Self.openssl))
        defer { server.stop() }
        let url = try #require(URL(string: "https://127.0.0.1:\(server.port)/metadata.xml"))
        let fetcher = HTTPMetadataFetcher(allowHTTPLoopback: true, timeout: 120)
        do {
            _ = try await fetcher.fetch(url)
            Issue.record("a self-signed server certificate was accepted")
        } catch {
            #expect(error.code == .fetchFailed)
            #expect(error.message.contains("TLS"), "\(error.message)")
        }
    }


    /// Runs a command to completion without blocking a thread of the shared task pool.
    static func run(_ executable: String, _ arguments: [String], in directory: URL) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        #expect(status == 0)
    }

    /// A port that was free a moment ago, below the kernel's ephemeral range when it can:
    /// between this check and `s_server` binding it, a port from that range could become
    /// the local port of any outgoing connection the rest of the suite makes.
    static func freePort() throws -> UInt16 {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let low = range.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
        let candidates = low > 11_000 ? Array(10_000..<low).shuffled() : []
        for candidate in candidates.prefix(50) where (try? bindable(UInt16(candidate))) == UInt16(candidate) {
            return UInt16(candidate)
        }
        return try bindable(0)
    }

    /// Binds 127.0.0.1:`port` (0: one the system picks), releases it, and returns the port.
    private static func bindable(_ port: UInt16) throws -> UInt16 {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 ? getsockname(descriptor, $0, &length) : -1
            }
        }
        guard status == 0 else { throw POSIXError(.EADDRINUSE) }
        return UInt16(bigEndian: address.sin_port)
    }

    static func waitUntilListening(_ port: UInt16) async throws {
        for _ in 0..<100 {
            #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(descriptor)
            if connected { return }
            try await Task.sleep(for: .milliseconds(30))
        }
        throw POSIXError(.ETIMEDOUT)
    }
}
