/// The common case of ``DomainName/normalize(_:)`` in one pass over the UTF-8 bytes:
/// an ASCII name made of valid labels that needs at most lower-casing and dropping a
/// trailing dot.
///
/// Every sign-in normalizes its email's domain, so this path allocates nothing when the
/// name is already normalized (it returns the input itself) and one small string
/// otherwise. Anything unusual — whitespace, Unicode, `xn--` labels, a numeric last label,
/// any invalid input — returns nil and goes to ``DomainNameNormalizer``, which gives the
/// precise answer or error.
enum ASCIIDomainFastPath {
    /// Normalizes a name that needs nothing beyond lower-casing.
    /// - Parameter input: The name.
    /// - Returns: The normalized name, or nil when the full normalizer must decide.
    @inline(__always)
    static func normalized(_ input: String) -> String? {
        let verdict = input.utf8.withContiguousStorageIfAvailable(scan) ?? .undecided
        switch verdict {
        case .unchanged:
            return input
        case .lowercase(let length):
            return lowercased(input, length: length)
        case .undecided:
            return nil
        }
    }

    private enum Verdict {
        /// Already normalized.
        case unchanged
        /// Valid once the first `length` bytes are lower-cased (a trailing dot dropped).
        case lowercase(length: Int)
        /// Something the full normalizer must look at.
        case undecided
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        var end = bytes.count
        guard end > 1, end <= 254 else { return .undecided }
        let trailingDot = bytes[end - 1] == UInt8(ascii: ".")
        if trailingDot { end -= 1 }
        guard end <= 253 else { return .undecided }

        var hasUpper = false
        var labels = 0
        var labelStart = 0
        var labelAllDigits = true
        var index = 0
        while index <= end {
            let byte = index < end ? bytes[index] : UInt8(ascii: ".")
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                labelAllDigits = false
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                break
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                hasUpper = true
                labelAllDigits = false
            case UInt8(ascii: "-"):
                guard index != labelStart else { return .undecided }
                labelAllDigits = false
            case UInt8(ascii: "."):
                let length = index - labelStart
                guard length > 0, length <= 63, bytes[index - 1] != UInt8(ascii: "-") else { return .undecided }
                // `xn--` labels need decoding and checking: the full normalizer's job.
                if length >= 4, bytes[labelStart + 2] == UInt8(ascii: "-"), bytes[labelStart + 3] == UInt8(ascii: "-"),
                   bytes[labelStart] | 0x20 == UInt8(ascii: "x"), bytes[labelStart + 1] | 0x20 == UInt8(ascii: "n") {
                    return .undecided
                }
                labels += 1
                if index == end {
                    // A numeric last label (`127.1`, `acme.0x1f`) is an IP address or an
                    // error; the full normalizer says which.
                    if labelAllDigits { return .undecided }
                    if length >= 2, bytes[labelStart] == UInt8(ascii: "0"), bytes[labelStart + 1] | 0x20 == UInt8(ascii: "x") {
                        return .undecided
                    }
                }
                labelStart = index + 1
                labelAllDigits = true
            default:
                return .undecided
            }
            index += 1
        }
        guard labels >= 2 else { return .undecided }
        return hasUpper || trailingDot ? .lowercase(length: end) : .unchanged
    }

    private static func lowercased(_ input: String, length: Int) -> String {
        var input = input
        return input.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: length) { output in
                for index in 0..<length {
                    let byte = bytes[index]
                    output[index] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                }
                return length
            }
        }
    }
}
