import Foundation
@testable import SAML

/// Reads the metadata fixtures next to this file (origins in Fixtures/metadata/ORIGIN.md).
enum MetadataFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/metadata")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static let redirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    static let post = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
}

/// The `SAMLError` `body` throws, or nil when it succeeds or throws something else.
func metadataTestError<T>(_ body: () throws -> T) -> SAMLError? {
    do {
        _ = try body()
        return nil
    } catch let error as SAMLError {
        return error
    } catch {
        return nil
    }
}
