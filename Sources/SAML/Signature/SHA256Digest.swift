import Foundation

/// SHA-256 through libcrypto, for the targets above that fingerprint configurations and
/// store tokens hashed. Never a hand-written hash.
package enum SHA256Digest {
    /// The SHA-256 digest of `bytes`.
    /// - Parameter bytes: The input.
    /// - Returns: 32 bytes (empty only if libcrypto fails, which it does not for SHA-256).
    package static func digest(_ bytes: [UInt8]) -> [UInt8] {
        DigestAlgorithm.sha256.digest(bytes) ?? []
    }

    /// The SHA-256 digest of a string's UTF-8 bytes as 64 lowercase hexadecimal digits.
    /// - Parameter text: The input.
    /// - Returns: The hexadecimal digest.
    package static func hex(_ text: String) -> String {
        hex(Array(text.utf8))
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal digits.
    /// - Parameter bytes: The input.
    /// - Returns: The hexadecimal digest.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in digest(bytes) {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
