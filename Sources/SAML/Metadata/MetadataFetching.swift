import Foundation

/// Fetches an IdP metadata document from a URL.
///
/// The shipped implementation enforces https, refuses private and loopback addresses unless
/// allowed, re-checks every redirect, caps size and time. Tests inject their own.
public protocol MetadataFetching: Sendable {
    /// Fetches the document at `url`.
    /// - Parameter url: The metadata URL.
    /// - Returns: The response body.
    /// - Throws: `SAMLError` with a `fetch.*` code.
    func fetch(_ url: URL) async throws(SAMLError) -> Data
}
