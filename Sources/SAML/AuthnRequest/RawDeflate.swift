import CSAMLShims
import Foundation

/// Raw DEFLATE (RFC 1951, no zlib header), as the SAML HTTP-Redirect binding uses, through zlib.
enum RawDeflate {
    /// `data` compressed, or nil when zlib fails.
    static func compress(_ data: Data) -> Data? {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = data.withUnsafeBytes { raw in
            sso_deflate_raw(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, &output, &length)
        }
        guard status == 0, let output else { return nil }
        defer { sso_free(output) }
        return Data(bytes: output, count: length)
    }

    /// `data` inflated, or nil when it is not raw DEFLATE or inflates past `maximumBytes`
    /// (a compression bomb).
    static func decompress(_ data: Data, maximumBytes: Int) -> Data? {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = data.withUnsafeBytes { raw in
            sso_inflate_raw(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, maximumBytes, &output, &length)
        }
        guard status == 0, let output else { return nil }
        defer { sso_free(output) }
        return Data(bytes: output, count: length)
    }
}
