import Foundation
import SAML

/// Identifiers and secrets drawn from the system's cryptographically secure generator.
package enum RandomToken {
    private static let base32Alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// `bytes` random bytes.
    /// - Parameter count: How many.
    /// - Returns: The bytes.
    package static func bytes(_ count: Int) -> [UInt8] {
        // Eight bytes per draw: each draw is a system call (getrandom), so drawing per byte
        // would cost a call per byte.
        var generator = SystemRandomNumberGenerator()
        var result: [UInt8] = []
        result.reserveCapacity(count + 8)
        while result.count < count {
            withUnsafeBytes(of: generator.next()) { result.append(contentsOf: $0) }
        }
        return Array(result.prefix(count))
    }

    /// Lower-case base 32 (RFC 4648 alphabet, no padding) of `byteCount` random bytes: safe in
    /// URLs, DNS TXT values and file names, and unambiguous when read aloud.
    /// - Parameter byteCount: How many random bytes (16 gives 128 bits in 26 characters).
    /// - Returns: The text.
    package static func base32(byteCount: Int) -> String {
        encodeBase32(bytes(byteCount))
    }

    /// An opaque record identifier: `prefix_` and 128 random bits in base 32.
    /// - Parameter prefix: What kind of record, such as `conn`.
    /// - Returns: The identifier.
    package static func identifier(_ prefix: String) -> String {
        prefix + "_" + base32(byteCount: 16)
    }

    /// An identifier that sorts by time: `prefix_`, the milliseconds since 1970 in 12
    /// hexadecimal digits, a per-process sequence number in 8, then 40 random bits in eight
    /// base-32 characters. Log
    /// entries and test runs use it so that "newest first" is also an order on ids.
    /// - Parameters:
    ///   - prefix: What kind of record, such as `aud`.
    ///   - date: The entry's time.
    /// - Returns: The identifier.
    package static func timeOrderedIdentifier(_ prefix: String, at date: Date) -> String {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        // Entries made in the same millisecond by this process keep the order they were made in.
        let sequence = sequenceLock.withLock {
            nextSequence &+= 1
            return nextSequence
        }
        var text = prefix.utf8 + [UInt8(ascii: "_")]
        appendHex(milliseconds, digits: 12, to: &text)
        appendHex(UInt64(sequence), digits: 8, to: &text)
        var generator = SystemRandomNumberGenerator()
        var random = generator.next()
        for _ in 0..<8 {
            text.append(base32Alphabet[Int(random & 31)])
            random >>= 5
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let sequenceLock = NSLock()
    // Guarded by `sequenceLock`.
    nonisolated(unsafe) private static var nextSequence: UInt32 = 0

    private static func appendHex(_ value: UInt64, digits: Int, to text: inout [UInt8]) {
        let alphabet = Array("0123456789abcdef".utf8)
        for position in stride(from: digits - 1, through: 0, by: -1) {
            text.append(alphabet[Int((value >> UInt64(4 * position)) & 0xF)])
        }
    }

    /// A secret for URLs and forms (RelayState, setup links): 256 random bits in base64url
    /// without padding (43 characters, within the 80 bytes SAML allows a RelayState).
    /// - Returns: The secret.
    package static func urlSafeSecret() -> String {
        Data(bytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// How a secret is kept in a store: SHA-256 in hexadecimal (libcrypto), so that a copy of
    /// the database does not hand out usable RelayStates or setup links.
    /// - Parameter secret: The secret.
    /// - Returns: Its hash.
    package static func hash(_ secret: String) -> String {
        SHA256Digest.hex(secret)
    }

    /// Whether every character is one of base64url's (letters, digits, `-`, `_`): what
    /// ``urlSafeSecret()`` and the identifiers produce, so cookies and tokens in any other
    /// characters are refused before they are looked up.
    /// - Parameter text: The text.
    /// - Returns: Whether it is made of those characters only.
    package static func isURLSafe(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default:
                false
            }
        }
    }

    /// Compares two secrets (or their hashes) in time that depends only on their lengths.
    /// - Parameters:
    ///   - a: One.
    ///   - b: The other.
    /// - Returns: Whether they are equal.
    package static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let (left, right) = (Array(a.utf8), Array(b.utf8))
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(left, right) { difference |= x ^ y }
        return difference == 0
    }

    private static func encodeBase32(_ data: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((data.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(base32Alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 {
            output.append(base32Alphabet[Int((buffer << UInt32(5 - bits)) & 31)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
