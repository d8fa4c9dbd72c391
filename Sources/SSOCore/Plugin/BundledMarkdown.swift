/// A provider's Markdown resources, as the bytes SwiftPM embeds in its target
/// (`.embedInCode`): the setup guide and the troubleshooting guide.
///
/// A provider target hands them over in one line, because `PackageResources` is internal to
/// each target:
///
/// ```swift
/// public var bundledMarkdown: BundledMarkdown {
///     BundledMarkdown(guide: PackageResources.guide_md, troubleshooting: PackageResources.troubleshooting_md)
/// }
/// ```
///
/// Embedded bytes need no resource bundle at run time; a resource missing from
/// `Package.swift` fails the build, and empty bytes are a thrown ``SetupGuideError``.
public struct BundledMarkdown: Sendable {
    /// The setup guide's bytes (`Resources/guide.md`).
    public var guide: [UInt8]
    /// The troubleshooting guide's bytes (`Resources/troubleshooting.md`).
    public var troubleshooting: [UInt8]

    /// Wraps a provider's embedded Markdown.
    /// - Parameters:
    ///   - guide: The setup guide's UTF-8 bytes.
    ///   - troubleshooting: The troubleshooting guide's UTF-8 bytes.
    public init(guide: [UInt8], troubleshooting: [UInt8]) {
        self.guide = guide
        self.troubleshooting = troubleshooting
    }
}
