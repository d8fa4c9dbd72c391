import SSOCore

/// The one accessor for this target's bundled setup guide.
enum GuideResource {
    /// The guide parsed from `Resources/guide.md`, which SwiftPM embeds in the binary.
    /// - Parameter providerID: The provider's id, for errors.
    /// - Returns: The guide, placeholders not yet filled.
    /// - Throws: ``SetupGuideError`` when the resource is empty, not UTF-8 or malformed.
    static func guide(providerID: String) throws(SetupGuideError) -> SetupGuide {
        try SetupGuide.load(bytes: PackageResources.guide_md, providerID: providerID, resource: "Resources/guide.md")
    }
}
