import Foundation

/// The host application's service-provider settings for one connection: what the admin
/// copies into the identity provider's console.
public struct ServiceProviderSettings: Sendable, Equatable, Codable {
    /// The Assertion Consumer Service URL the IdP posts SAML responses to.
    public var acsURL: String
    /// The service provider's entity ID (the SAML audience).
    public var entityID: String
    /// Where the host serves its SP metadata XML, when it does.
    public var metadataURL: String?
    /// The customer organization's name, for wording in guides.
    public var organizationName: String?
    /// The host application's name as admins should name the app in their IdP.
    public var applicationName: String?

    /// Creates settings.
    /// - Parameters:
    ///   - acsURL: The ACS URL.
    ///   - entityID: The SP entity ID.
    ///   - metadataURL: The SP metadata URL, if served.
    ///   - organizationName: The customer organization's name.
    ///   - applicationName: The host application's name.
    public init(acsURL: String, entityID: String, metadataURL: String? = nil,
                organizationName: String? = nil, applicationName: String? = nil) {
        self.acsURL = acsURL
        self.entityID = entityID
        self.metadataURL = metadataURL
        self.organizationName = organizationName
        self.applicationName = applicationName
    }

    /// Clearly marked example values, used where no host settings exist (generated docs).
    public static let example = ServiceProviderSettings(
        acsURL: "https://app.example.com/sso/saml/acs/EXAMPLE-CONNECTION",
        entityID: "https://app.example.com/sso/saml/metadata/EXAMPLE-CONNECTION",
        metadataURL: "https://app.example.com/sso/saml/metadata/EXAMPLE-CONNECTION",
        organizationName: "Example Corp",
        applicationName: "Example App")
}

/// One service-provider value to show the admin, labelled as the IdP console labels it.
public struct ServiceProviderValue: Sendable, Equatable, Codable {
    /// The label in the provider's console, such as "Single sign-on URL".
    public let label: String
    /// The value to enter.
    public let value: String
    /// Where in the console it goes, or a note, in the console's words.
    public let help: String

    /// Creates a value.
    /// - Parameters:
    ///   - label: The console's label.
    ///   - value: The value to enter.
    ///   - help: Where it goes.
    public init(label: String, value: String, help: String) {
        self.label = label
        self.value = value
        self.help = help
    }
}
