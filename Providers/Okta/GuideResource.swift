import SAMLProviderKit
import SSOCore

/// The one accessor for this target's bundled setup guide.
enum GuideResource {
    /// The Markdown of `Resources/guide.md`, embedded in the binary by SwiftPM.
    /// - Returns: The text.
    /// - Throws: ``SetupGuideError`` when the resource is empty or not UTF-8.
    static func markdown() throws(SetupGuideError) -> String {
        try ProviderGuideText.markdown(PackageResources.guide_md, providerID: "okta")
    }
}
