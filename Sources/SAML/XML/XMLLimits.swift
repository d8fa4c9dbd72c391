/// Bounds applied to every untrusted XML document before and while it is parsed.
public struct XMLLimits: Sendable, Equatable {
    /// The largest document accepted, in bytes (after base64 decoding). Default 1 MiB.
    public var maximumBytes: Int
    /// The deepest element nesting accepted. Default 64; SAML documents nest about 8 deep.
    public var maximumDepth: Int

    /// Creates limits.
    /// - Parameters:
    ///   - maximumBytes: The largest document accepted, in bytes.
    ///   - maximumDepth: The deepest element nesting accepted.
    public init(maximumBytes: Int = 1 << 20, maximumDepth: Int = 64) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }

    /// 1 MiB and 64 levels.
    public static let `default` = XMLLimits()
}
