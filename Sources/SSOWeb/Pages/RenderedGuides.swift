import Foundation
import SSOCore

/// A provider's setup guide, filled with one connection's service-provider values and
/// rendered to HTML: what the Connection page shows beside its form.
struct RenderedGuide: Sendable {
    struct Step: Sendable {
        let kind: SetupStep.Kind
        let title: String
        let fields: [String]
        let html: Markup
    }

    let title: String
    let introduction: Markup
    let steps: [Step]
}

/// Rendered guides by provider and service-provider values. Parsing and rendering a guide's
/// Markdown takes milliseconds and its result never changes for a connection, so the
/// Connection page renders each once. At most `capacity` entries (one per connection in
/// use); when full, it starts over.
actor RenderedGuides {
    private var guides: [String: RenderedGuide] = [:]
    private let capacity: Int

    init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    /// The guide of `plugin` filled with `settings`, or nil when its bundled guide is broken
    /// (the page then shows the form alone).
    func guide(for plugin: any IdentityProviderPlugin, settings: ServiceProviderSettings) -> RenderedGuide? {
        let key = [plugin.descriptor.id, settings.acsURL, settings.entityID, settings.metadataURL ?? "",
                   settings.organizationName ?? "", settings.applicationName ?? ""].joined(separator: "\n")
        if let cached = guides[key] { return cached }
        guard let filled = try? plugin.setupGuide().filled(with: settings, providerID: plugin.descriptor.id) else { return nil }
        let introduction = SetupStep(kind: .createApp, title: "", body: filled.introduction, fields: []).bodyHTML(headingLevelOffset: 1)
        let rendered = RenderedGuide(
            title: filled.title, introduction: Self.guideHTML(introduction),
            steps: filled.steps.map { step in
                RenderedGuide.Step(kind: step.kind, title: step.title, fields: step.fields,
                                   html: Self.guideHTML(step.bodyHTML(headingLevelOffset: 1)))
            })
        if guides.count >= capacity { guides.removeAll(keepingCapacity: true) }
        guides[key] = rendered
        return rendered
    }

    /// Guide HTML from SSOCore's renderer (already escaped), with any table-alignment style
    /// attribute turned into a class: the Content-Security-Policy allows no inline style.
    static func guideHTML(_ html: String) -> Markup {
        var text = html
        for alignment in ["left", "center", "right"] {
            text = text.replacingOccurrences(of: " style=\"text-align: \(alignment)\"", with: " class=\"align-\(alignment)\"")
        }
        return Markup(trusted: text)
    }
}
