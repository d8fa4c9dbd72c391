/// RFC 3492 Punycode, the Bootstring encoding behind internationalized domain labels:
/// `bücher` ⇄ `bcher-kva` (the A-label adds the `xn--` prefix).
///
/// Only the encoding lives here; which code points a label may hold is IDNA's business
/// (``IDNALabel``). Digits are written in lower case; decoding accepts either case. Both
/// directions refuse arithmetic overflow instead of wrapping, so hostile input yields `nil`,
/// never a wrong answer or a trap.
enum Punycode {
    // RFC 3492 section 5, the parameter values for Punycode.
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 0x80
    // RFC 3492 section 6.4 assumes at least 26-bit integers; staying within 32 bits makes
    // results agree with every other implementation.
    private static let maxInt = Int(UInt32.max)

    /// Encodes code points.
    /// - Parameter input: The code points of one label.
    /// - Returns: The Punycode string (without `xn--`), or nil when the input is so long that
    ///   the encoding overflows.
    static func encode(_ input: [Unicode.Scalar]) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + 8)
        for scalar in input where scalar.value < 0x80 {
            output.append(UInt8(scalar.value))
        }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }

        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < input.count {
            // The smallest code point not yet handled.
            var next = Int.max
            for scalar in input where Int(scalar.value) >= n && Int(scalar.value) < next {
                next = Int(scalar.value)
            }
            let (step, stepOverflow) = (next - n).multipliedReportingOverflow(by: handled + 1)
            guard !stepOverflow, delta <= maxInt - step else { return nil }
            delta += step
            n = next
            for scalar in input {
                let value = Int(scalar.value)
                if value < n {
                    delta += 1
                    guard delta <= maxInt else { return nil }
                }
                if value == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias: bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, count: handled + 1, first: handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes a Punycode string.
    ///
    /// Refuses what no encoder produces: characters other than letters, digits and hyphens
    /// (outside the basic part), a truncated digit sequence, a decoded value that is not a
    /// Unicode scalar or is below U+0080, and overflow.
    /// - Parameter input: The UTF-8 bytes after `xn--`.
    /// - Returns: The code points, or nil when the input is not valid Punycode.
    static func decode(_ input: some Collection<UInt8>) -> [Unicode.Scalar]? {
        let bytes = Array(input)
        var output: [Unicode.Scalar] = []
        var position = 0
        if let delimiter = bytes.lastIndex(of: UInt8(ascii: "-")), delimiter > 0 {
            for byte in bytes[..<delimiter] {
                guard byte < 0x80 else { return nil }
                output.append(Unicode.Scalar(byte))
            }
            position = delimiter + 1
        }

        var n = initialN
        var i = 0
        var bias = initialBias
        while position < bytes.count {
            let oldI = i
            var weight = 1
            var k = base
            while true {
                guard position < bytes.count, let value = digitValue(bytes[position]) else { return nil }
                position += 1
                let (product, productOverflow) = value.multipliedReportingOverflow(by: weight)
                guard !productOverflow, i <= maxInt - product else { return nil }
                i += product
                let t = threshold(k, bias: bias)
                if value < t { break }
                let (nextWeight, weightOverflow) = weight.multipliedReportingOverflow(by: base - t)
                guard !weightOverflow, nextWeight <= maxInt else { return nil }
                weight = nextWeight
                k += base
            }
            let length = output.count + 1
            bias = adapt(i - oldI, count: length, first: oldI == 0)
            guard i / length <= maxInt - n else { return nil }
            n += i / length
            i %= length
            guard n >= 0x80, let scalar = Unicode.Scalar(UInt32(clamping: n)), n <= 0x10FFFF else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }

    private static func threshold(_ k: Int, bias: Int) -> Int {
        if k <= bias { return tMin }
        if k >= bias + tMax { return tMax }
        return k - bias
    }

    private static func adapt(_ delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 26
        default: nil
        }
    }
}
