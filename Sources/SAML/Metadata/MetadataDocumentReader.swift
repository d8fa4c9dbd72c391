import Foundation

/// Reads one metadata document into `IdentityProviderMetadata`; the rules are documented there.
///
/// The tree it reads is pruned while it is parsed (`XMLTree(metadataBytes:)`, see
/// `sso_xml_parse_metadata`): it holds the entities, their IDPSSODescriptor's KeyDescriptor,
/// SingleSignOnService and NameIDFormat children, and empty SPSSODescriptor and
/// RoleDescriptor elements. Reading anything else means keeping it in `keep_kind` too.
struct MetadataDocumentReader {
    let now: Date

    private typealias Element = XMLTree.Element
    private static let md = XMLNamespace.samlMetadata
    private static let ds = XMLNamespace.xmlDSig
    private static let saml2Protocol = XMLNamespace.samlProtocol

    /// An `EntityDescriptor` with the `validUntil`s of the `EntitiesDescriptor`s around it.
    private struct Entity {
        let element: Element
        let entityID: String
        let enclosingValidUntil: [String]
    }

    func read(_ data: Data, entityID requestedEntityID: String?, limits: XMLLimits) throws(SAMLError) -> IdentityProviderMetadata {
        let bytes = Self.withoutLeadingNoise(data)
        try Self.refuseObviousNonXML(bytes)
        let tree = try XMLTree(metadataBytes: bytes, limits: limits)
        let root = tree.root
        let entities = try Self.entities(under: root)
        let entity = try Self.choose(from: entities, requested: requestedEntityID)
        return try read(entity)
    }

    // MARK: - Document and entity

    /// Drops a UTF-8 byte-order mark and leading whitespace, which some servers and editors
    /// add and which libxml2 refuses before an XML declaration.
    private static func withoutLeadingNoise(_ data: Data) -> Data {
        var start = data.startIndex
        if data.count >= 3, data[start] == 0xEF, data[start + 1] == 0xBB, data[start + 2] == 0xBF {
            start += 3
        }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) {
            start += 1
        }
        return start == data.startIndex ? data : data.subdata(in: start..<data.endIndex)
    }

    /// Gives a metadata-specific sentence for input that cannot be metadata at all, before
    /// the XML parser produces a less helpful one.
    private static func refuseObviousNonXML(_ bytes: Data) throws(SAMLError) {
        guard let first = bytes.first else {
            throw SAMLError(.metadataNotMetadata,
                "The metadata document is empty. Download the IdP's SAML metadata XML again (or give its metadata URL).")
        }
        let head = String(decoding: bytes.prefix(256), as: UTF8.self).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") {
            throw SAMLError(.metadataNotMetadata,
                "The document is an HTML page, not SAML metadata: the URL probably points at a sign-in or portal page. Copy the metadata URL (or download the metadata XML) from the IdP's SAML app settings.")
        }
        // UTF-16 documents start with a byte-order mark or "<\0"; libxml2 reads those.
        guard first == UInt8(ascii: "<") || first == 0xFE || first == 0xFF || first == 0x00 else {
            if head.hasPrefix("-----begin certificate") {
                throw SAMLError(.metadataNotMetadata,
                    "This is a certificate, not a metadata document. Give the IdP's SAML metadata XML, or enter the single sign-on URL, the IdP entity ID and this certificate by hand.")
            }
            let preview = String(String(decoding: bytes.prefix(40), as: UTF8.self).unicodeScalars.map { scalar in
                scalar.properties.generalCategory == .control ? " " : Character(scalar)
            })
            throw SAMLError(.metadataNotMetadata,
                "The document is not XML (it begins \"\(preview)\"). Give the IdP's SAML metadata XML, which starts with <EntityDescriptor or <?xml.")
        }
    }

    private static func entities(under root: Element) throws(SAMLError) -> [Entity] {
        if root.is("EntityDescriptor", md) {
            return [Entity(element: root, entityID: entityID(of: root), enclosingValidUntil: [])]
        }
        if root.is("EntitiesDescriptor", md) {
            var result: [Entity] = []
            collectEntities(in: root, validUntil: [], into: &result)
            return result
        }
        let name = root.localName
        let namespace = root.namespaceURI
        if name == "EntityDescriptor" || name == "EntitiesDescriptor" {
            throw SAMLError(.metadataNotMetadata,
                "The document's \(name) is in the namespace \(namespace.map { "\"\($0)\"" } ?? "(none)"), not the SAML 2.0 metadata namespace \(md). Download the IdP's SAML 2.0 metadata again; this file was edited or comes from another standard.")
        }
        if namespace == saml2Protocol, name == "Response" {
            throw SAMLError(.metadataNotMetadata,
                "The document is a SAML Response, not metadata. Give the IdP's metadata XML (an EntityDescriptor), from the IdP's SAML app settings.")
        }
        throw SAMLError(.metadataNotMetadata,
            "The document's root element is <\(name)>, not a SAML 2.0 EntityDescriptor or EntitiesDescriptor. Give the IdP's SAML metadata XML, from the IdP's SAML app settings.")
    }

    private static func collectEntities(in descriptor: Element, validUntil: [String], into result: inout [Entity]) {
        let here = validUntil + [descriptor.attribute("validUntil")].compactMap { $0 }
        for child in descriptor.children {
            if child.is("EntityDescriptor", md) {
                result.append(Entity(element: child, entityID: entityID(of: child), enclosingValidUntil: here))
            } else if child.is("EntitiesDescriptor", md) {
                collectEntities(in: child, validUntil: here, into: &result)
            }
        }
    }

    private static func entityID(of element: Element) -> String {
        (element.attribute("entityID") ?? "").trimmedXMLWhitespace
    }

    private static func hasIdPRole(_ entity: Entity) -> Bool {
        entity.element.firstChild("IDPSSODescriptor", md) != nil
    }

    private static func listing(_ ids: [String]) -> String {
        let shown = ids.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
        return ids.count > 10 ? "\(shown) and \(ids.count - 10) more" : shown
    }

    private static func choose(from entities: [Entity], requested: String?) throws(SAMLError) -> Entity {
        let ids = entities.map(\.entityID)
        if let requested {
            let wanted = requested.trimmedXMLWhitespace
            if let match = entities.first(where: { $0.entityID == wanted }) { return match }
            if entities.isEmpty {
                throw SAMLError(.metadataEntityNotFound,
                    "The metadata contains no EntityDescriptor, so entity \"\(wanted)\" is not in it. Check that the whole metadata document was given.")
            }
            throw SAMLError(.metadataEntityNotFound,
                "The metadata does not describe the entity \"\(wanted)\"; it describes \(listing(ids)). Use one of those entity IDs, or download the metadata of the right IdP.")
        }
        switch entities.count {
        case 0:
            throw SAMLError(.metadataEntityNotFound,
                "The EntitiesDescriptor contains no EntityDescriptor. Download the IdP's metadata again; this one is empty.")
        case 1:
            return entities[0]
        default:
            let identityProviders = entities.filter(hasIdPRole)
            if identityProviders.count == 1 { return identityProviders[0] }
            if identityProviders.isEmpty {
                throw SAMLError(.metadataNoIdPDescriptor,
                    "None of the \(entities.count) entities in the metadata (\(listing(ids))) has an IDPSSODescriptor, so none is an identity provider. Give the metadata your IdP publishes for this app.")
            }
            throw SAMLError(.metadataAmbiguousEntity,
                "The metadata describes \(identityProviders.count) identity providers (\(listing(identityProviders.map(\.entityID)))). Say which one is yours by giving its entity ID.")
        }
    }

    // MARK: - IdP role

    private func read(_ entity: Entity) throws(SAMLError) -> IdentityProviderMetadata {
        let element = entity.element
        guard !entity.entityID.isEmpty else {
            throw SAMLError(.metadataNotMetadata,
                "The EntityDescriptor has no entityID attribute, so the IdP cannot be identified. Download the IdP's metadata again; this file is incomplete.")
        }
        let entityID = entity.entityID
        let descriptor = try Self.identityProviderDescriptor(in: element, entityID: entityID)
        var warnings: [String] = []

        let validUntilTexts = entity.enclosingValidUntil
            + [element.attribute("validUntil"), descriptor.attribute("validUntil")].compactMap { $0 }
        var validUntil: Date?
        for text in validUntilTexts {
            guard let date = XSDateTime.parse(text) else {
                warnings.append("The metadata's validUntil \"\(text)\" is not a valid date-time and was ignored. Ask the IdP's administrator to check the metadata.")
                continue
            }
            validUntil = min(validUntil ?? date, date)
        }
        if let validUntil, validUntil <= now {
            throw SAMLError(.metadataExpired,
                "The metadata of \(entityID) expired at \(validUntil.formatted(Date.ISO8601FormatStyle())) (its validUntil). Download current metadata from the IdP (or use its metadata URL so it stays fresh).")
        }
        let cacheDuration = element.attribute("cacheDuration") ?? descriptor.attribute("cacheDuration")

        let services = try singleSignOnServices(of: descriptor, entityID: entityID, warnings: &warnings)
        let certificates = try signingCertificates(of: descriptor, entityID: entityID, warnings: &warnings)

        var nameIDFormats: [String] = []
        for format in descriptor.children("NameIDFormat", Self.md) {
            let value = format.textContent.trimmedXMLWhitespace
            if !value.isEmpty, !nameIDFormats.contains(value) { nameIDFormats.append(value) }
        }

        let wantsSigned = Self.boolean(descriptor.attribute("WantAuthnRequestsSigned"))
        if wantsSigned {
            warnings.append("The IdP asks for signed AuthnRequests (WantAuthnRequestsSigned=\"true\"), and this service provider sends them unsigned. Turn off the requirement for signed requests in the IdP's app settings, or sign-ins may be refused.")
        }

        return IdentityProviderMetadata(entityID: entityID, singleSignOnServices: services,
                                        signingCertificates: certificates, nameIDFormats: nameIDFormats,
                                        wantAuthnRequestsSigned: wantsSigned, validUntil: validUntil,
                                        cacheDuration: cacheDuration, warnings: warnings)
    }

    private static func identityProviderDescriptor(in entity: Element, entityID: String) throws(SAMLError) -> Element {
        let descriptors = entity.children("IDPSSODescriptor", md)
        if let saml2 = descriptors.first(where: supportsSAML2) { return saml2 }
        if !descriptors.isEmpty {
            throw SAMLError(.metadataNoIdPDescriptor,
                "The IdP role of \(entityID) does not support SAML 2.0 (its protocolSupportEnumeration lacks \(saml2Protocol)). Enable SAML 2.0 for this app in the IdP and download its metadata again.")
        }
        if entity.firstChild("SPSSODescriptor", md) != nil {
            throw SAMLError(.metadataNoIdPDescriptor,
                "This is service-provider (SP) metadata for \(entityID), not identity-provider metadata: it has an SPSSODescriptor and no IDPSSODescriptor. Give the metadata your IdP publishes for this app, not this application's own metadata.")
        }
        if entity.firstChild("RoleDescriptor", md) != nil {
            throw SAMLError(.metadataNoIdPDescriptor,
                "The metadata of \(entityID) has only WS-Federation roles and no SAML 2.0 IDPSSODescriptor. Use the IdP's SAML 2.0 metadata (for Entra ID: the App Federation Metadata Url of an Enterprise application set up for SAML).")
        }
        throw SAMLError(.metadataNoIdPDescriptor,
            "The metadata of \(entityID) has no IDPSSODescriptor, so it does not describe an identity provider. Give the metadata your IdP publishes for this app.")
    }

    private static func supportsSAML2(_ descriptor: Element) -> Bool {
        guard let protocols = descriptor.attribute("protocolSupportEnumeration") else { return true }
        // XML whitespace separates the URIs; compared on UTF-8 bytes (Character's properties are slow).
        return protocols.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            .contains { $0.elementsEqual(saml2Protocol.utf8) }
    }

    private static func boolean(_ text: String?) -> Bool {
        guard let text = text?.trimmedXMLWhitespace else { return false }
        return text == "true" || text == "1"
    }

    // MARK: - Endpoints

    /// The URL of an endpoint location, nil unless it is an absolute http(s) URL with a host.
    static func endpointURL(_ location: String) -> URL? {
        guard let url = URL(string: location.trimmedXMLWhitespace),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty else { return nil }
        return url
    }

    private func singleSignOnServices(of descriptor: Element, entityID: String,
                                      warnings: inout [String]) throws(SAMLError) -> [SingleSignOnService] {
        var services: [SingleSignOnService] = []
        var otherBindings: [String] = []
        for endpoint in descriptor.children("SingleSignOnService", Self.md) {
            let binding = (endpoint.attribute("Binding") ?? "").trimmedXMLWhitespace
            let location = (endpoint.attribute("Location") ?? "").trimmedXMLWhitespace
            guard SAMLBinding(rawValue: binding) != nil else {
                let name = binding.split(separator: ":").last.map(String.init) ?? "(none)"
                if !otherBindings.contains(name) { otherBindings.append(name) }
                continue
            }
            guard let url = Self.endpointURL(location) else {
                warnings.append("A SingleSignOnService of \(entityID) has the location \"\(location)\", which is not an http(s) URL, and was ignored.")
                continue
            }
            let service = SingleSignOnService(binding: binding, location: location)
            if services.contains(service) { continue }
            services.append(service)
            if url.scheme?.lowercased() == "http", !Self.isLoopbackHost(url.host ?? "") {
                warnings.append("The single sign-on URL \(location) uses plain http, so requests and sessions can be read and altered in transit. Configure the IdP to publish an https URL.")
            }
        }
        guard !services.isEmpty else {
            let found = otherBindings.isEmpty ? "none" : otherBindings.joined(separator: ", ")
            throw SAMLError(.metadataNoSSOEndpoint,
                "The IdP \(entityID) has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding and an http(s) location (bindings found: \(found)). Enable SAML 2.0 sign-in with the HTTP-Redirect or HTTP-POST binding in the IdP and download its metadata again.")
        }
        return services
    }

    private static func isLoopbackHost(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    // MARK: - Certificates

    private func signingCertificates(of descriptor: Element, entityID: String,
                                     warnings: inout [String]) throws(SAMLError) -> [Certificate] {
        var certificates: [Certificate] = []
        var described: [Description] = []
        var problems: [String] = []
        var keyDescriptorCount = 0
        for (index, keyDescriptor) in descriptor.children("KeyDescriptor", Self.md).enumerated() {
            let use = keyDescriptor.attribute("use")?.trimmedXMLWhitespace
            guard use == nil || use == "signing" else { continue }
            keyDescriptorCount += 1
            let values = keyDescriptor.descendants.filter { $0.is("X509Certificate", Self.ds) }
            if values.isEmpty {
                problems.append("KeyDescriptor \(index + 1) has no X509Certificate (a bare key value is not accepted)")
                continue
            }
            for value in values {
                let text = value.textContent
                // The common case, bare base64 DER, is checked by a partial decode; a refresh
                // compares fingerprints and dates only, and trust needs a full parse anyway.
                if let (certificate, outline) = Certificate.summarized(base64: text) {
                    if !certificates.contains(certificate) {
                        certificates.append(certificate)
                        described.append(.outline(outline))
                    }
                    continue
                }
                do {
                    for (certificate, info) in try Certificate.parseAllDescribed(text)
                    where !certificates.contains(certificate) {
                        certificates.append(certificate)
                        described.append(.info(info))
                    }
                } catch {
                    problems.append("the certificate in KeyDescriptor \(index + 1) could not be read (\(error.message))")
                }
            }
        }
        guard !certificates.isEmpty else {
            let detail = problems.isEmpty
                ? (keyDescriptorCount == 0 ? "it has no KeyDescriptor for signing" : "its signing KeyDescriptors hold no certificate")
                : problems.joined(separator: "; ")
            throw SAMLError(.metadataNoSigningCertificate,
                "The IdP role of \(entityID) has no usable signing certificate: \(detail). Make sure the IdP has an active signing certificate and download its metadata again, or enter the certificate by hand.")
        }
        for problem in problems {
            warnings.append("In the metadata of \(entityID), \(problem); the other signing certificates are used.")
        }
        for (index, (certificate, description)) in zip(certificates, described).enumerated() {
            let info: CertificateInfo
            switch description {
            case .info(let read):
                info = read
            case .outline(let outline):
                // Only a certificate with something to say has its subject decoded.
                guard outline.needsWarning(now: now) else { continue }
                info = outline.info
            }
            for warning in Certificate.warnings(for: info, now: now) {
                warnings.append("Signing certificate \(index + 1) of \(certificates.count): \(warning.message)")
            }
        }
        return certificates
    }
}

/// How much is known about a certificate read from metadata.
private enum Description {
    /// Parsed in full (a PEM or other non-base64 form).
    case info(CertificateInfo)
    /// Checked by the partial decode only.
    case outline(Certificate.Outline)
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF), checked
    /// byte by byte: Foundation's `trimmingCharacters` bridges through NSString and showed
    /// up in profiles of metadata parsing.
    fileprivate var trimmedXMLWhitespace: String {
        let bytes = utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.first, let last = bytes.last, isSpace(first) || isSpace(last) else { return self }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }),
              let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
