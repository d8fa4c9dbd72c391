import Foundation
import SSOCore

/// Turns a provider target's embedded `Resources/guide.md` bytes into Markdown text.
///
/// Each provider target has exactly one accessor that calls this with its own
/// `PackageResources.guide_md` (the bytes SwiftPM embeds with `.embedInCode`).
package enum ProviderGuideText {
    /// The guide's Markdown.
    /// - Parameters:
    ///   - bytes: The embedded resource's bytes.
    ///   - providerID: The provider's id, for the error.
    /// - Returns: The UTF-8 text.
    /// - Throws: ``SetupGuideError/resourceMissing(provider:resource:)`` when the bytes are
    ///   empty, ``SetupGuideError/malformed(provider:reason:)`` when they are not UTF-8.
    package static func markdown(_ bytes: [UInt8], providerID: String) throws(SetupGuideError) -> String {
        guard !bytes.isEmpty else { throw .resourceMissing(provider: providerID, resource: "Resources/guide.md") }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw .malformed(provider: providerID, reason: "Resources/guide.md is not UTF-8 text")
        }
        return text
    }
}
