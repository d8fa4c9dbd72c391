import Foundation

/// Reads the certificate fixtures next to this file (origins in Fixtures/certificates/ORIGIN.md).
enum CertificateFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/certificates")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// 2026-01-01T00:00:00Z, a fixed "now" for tests.
    static let january2026 = Date(timeIntervalSince1970: 1_767_225_600)

    static func date(_ iso: String) -> Date {
        (try? Date(iso, strategy: .iso8601)) ?? .distantPast
    }
}
