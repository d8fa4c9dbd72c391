/// A provider's setup guide, parsed from Markdown bundled in the provider's target.
///
/// The guide is split into steps that a host shows inline next to the matching part of its
/// form; each step says which schema fields it explains.
public struct SetupGuide: Sendable, Equatable {
    /// The guide's title (its `#` heading).
    public var title: String
    /// Markdown before the first step.
    public var introduction: String
    /// The steps in order.
    public var steps: [SetupStep]

    /// Creates a guide.
    /// - Parameters:
    ///   - title: Title.
    ///   - introduction: Markdown before the first step.
    ///   - steps: The steps.
    public init(title: String, introduction: String, steps: [SetupStep]) {
        self.title = title
        self.introduction = introduction
        self.steps = steps
    }
}

/// One step of a setup guide.
public struct SetupStep: Sendable, Equatable {
    /// Which standard part of the setup a step covers.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// Create the SAML app in the IdP console.
        case createApp = "create-app"
        /// Enter the service-provider values (ACS URL, entity ID).
        case serviceProviderValues = "service-provider-values"
        /// Map attributes or claims.
        case attributeMapping = "attribute-mapping"
        /// Assign users and groups (or turn user access on).
        case assignUsers = "assign-users"
        /// Copy the IdP values (metadata URL, file or manual values) back to the host.
        case identityProviderValues = "identity-provider-values"
        /// Optional: run a test sign-in and activate.
        case testSignIn = "test-sign-in"

        /// The five kinds every guide must have, each exactly once.
        public static let required: [Kind] = [
            .createApp, .serviceProviderValues, .attributeMapping, .assignUsers, .identityProviderValues,
        ]
    }

    /// The standard part of the setup it covers.
    public var kind: Kind
    /// The step's heading.
    public var title: String
    /// The step's Markdown body.
    public var body: String
    /// The schema field keys the step explains.
    public var fields: [String]

    /// Creates a step.
    /// - Parameters:
    ///   - kind: Its part of the setup.
    ///   - title: Heading.
    ///   - body: Markdown body.
    ///   - fields: Field keys it explains.
    public init(kind: Kind, title: String, body: String, fields: [String]) {
        self.kind = kind
        self.title = title
        self.body = body
        self.fields = fields
    }
}

/// The placeholders a guide may use, filled from the host's ``ServiceProviderSettings``.
public enum GuidePlaceholder: String, Sendable, CaseIterable {
    /// `{{acs_url}}`: the Assertion Consumer Service URL.
    case acsURL = "acs_url"
    /// `{{sp_entity_id}}`: the service provider's entity ID.
    case spEntityID = "sp_entity_id"
    /// `{{sp_metadata_url}}`: the SP metadata URL.
    case spMetadataURL = "sp_metadata_url"
    /// `{{organization_name}}`: the customer organization's name.
    case organizationName = "organization_name"
    /// `{{application_name}}`: the host application's name.
    case applicationName = "application_name"
}

/// Why a provider's bundled Markdown — its setup guide or its troubleshooting guide — could
/// not be loaded or rendered. Either is a defect of the provider's build, never of a call.
public enum SetupGuideError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bundled Markdown resource is missing (or empty).
    case resourceMissing(provider: String, resource: String)
    /// The Markdown does not have the format's structure.
    case malformed(provider: String, reason: String)
    /// A `{{placeholder}}` is not one the format knows (``GuidePlaceholder`` for setup
    /// guides; ``TroubleshootingPlaceholder`` for troubleshooting guides).
    case unknownPlaceholder(provider: String, placeholder: String)
    /// A step names a field the schema does not have.
    case unknownField(provider: String, step: String, field: String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .resourceMissing: "guide.resource-missing"
        case .malformed: "guide.malformed"
        case .unknownPlaceholder: "guide.unknown-placeholder"
        case .unknownField: "guide.unknown-field"
        }
    }

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .resourceMissing(let provider, let resource):
            "The bundled resource \(resource) of provider \(provider) is missing or empty; add it under Providers/<Name>/Resources/ and list it in Package.swift."
        case .malformed(let provider, let reason):
            "The bundled Markdown of provider \(provider) is malformed: \(reason)."
        case .unknownPlaceholder(let provider, let placeholder):
            "The bundled Markdown of provider \(provider) uses the unknown placeholder {{\(placeholder)}}; setup guides use \(GuidePlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")), and troubleshooting guides also the values of TroubleshootingPlaceholder."
        case .unknownField(let provider, let step, let field):
            "Step \"\(step)\" of the setup guide of provider \(provider) names the field \(field), which its schema does not have."
        }
    }
}
