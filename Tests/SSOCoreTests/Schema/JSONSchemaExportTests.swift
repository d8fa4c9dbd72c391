import SSOCore
import Testing

@Suite struct JSONSchemaExportTests {
    let schema = SamplePlugin().jsonSchema

    @Test func header() {
        #expect(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["$id"] == "https://selfservesso.dev/schemas/providers/sample-idp.json")
        #expect(schema["title"] == "Sample IdP configuration")
        #expect(schema["description"]?.stringValue?.hasPrefix("A test identity provider") == true)
        #expect(schema["type"] == "object")
        #expect(schema["required"] == ["mode"])
        #expect(schema["properties"]?["mode"]?["enum"] == ["metadata-url", "metadata-file", "manual"])
    }

    @Test func modesAreOneOfBranchesWithAConstMode() throws {
        let branches = try #require(schema["oneOf"]?.arrayValue)
        #expect(branches.count == 3)
        #expect(branches.map { $0["properties"]?["mode"]?["const"] } == ["metadata-url", "metadata-file", "manual"])
        #expect(branches.allSatisfy { $0["additionalProperties"] == false && $0["type"] == "object" })
        #expect(branches[0]["required"] == ["mode", "metadata_url"])
        #expect(branches[2]["required"] == ["mode", "sso_url", "idp_entity_id", "signing_certificates"])
        #expect(branches[2]["title"] == "Manual")
        let manualKeys = try #require(branches[2]["properties"]?.objectValue?.keys.sorted())
        #expect(manualKeys == ["attribute_names", "idp_entity_id", "mode", "sign_requests", "signing_certificates", "sso_binding", "sso_url"])
    }

    func field(_ mode: Int, _ key: String) -> JSONValue? { schema["oneOf"]?[mode]?["properties"]?[key] }

    @Test func urlFields() {
        let url = field(0, "metadata_url")
        #expect(url?["type"] == "string")
        #expect(url?["format"] == "uri")
        #expect(url?["pattern"] == "^https://[^\\s/?#]+\\S*$")
        #expect(url?["title"] == "Metadata URL")
        #expect(url?["description"] == "On the Sign On tab, copy the Metadata URL.")
        #expect(url?["examples"] == ["https://acme.okta.com/app/abc/sso/saml/metadata"])
        #expect(url?["maxLength"] == 2048)
    }

    @Test func textWithPatternAndLength() {
        let text = field(2, "idp_entity_id")
        #expect(text?["type"] == "string")
        #expect(text?["minLength"] == 1)
        #expect(text?["maxLength"] == 1024)
        #expect(text?["pattern"] == "^\\S+$")
    }

    @Test func certificatesAreStringOrBoundedArray() throws {
        let alternatives = try #require(field(2, "signing_certificates")?["anyOf"]?.arrayValue)
        #expect(alternatives.count == 2)
        #expect(alternatives[0]["type"] == "string")
        #expect(alternatives[1]["type"] == "array")
        #expect(alternatives[1]["minItems"] == 1)
        #expect(alternatives[1]["maxItems"] == 5)
        #expect(alternatives[1]["items"]?["type"] == "string")
    }

    @Test func choiceBooleanXMLAndMapping() {
        #expect(field(2, "sso_binding")?["enum"] == ["redirect", "post"])
        #expect(field(2, "sign_requests")?["type"] == "boolean")
        #expect(field(1, "metadata_xml")?["contentMediaType"] == "application/xml")
        let mapping = field(0, "attribute_names")
        #expect(mapping?["type"] == "object")
        #expect(mapping?["additionalProperties"] == false)
        #expect(mapping?["properties"]?.objectValue?.keys.sorted() == ["email", "firstName", "lastName"])
    }

    @Test func schemeAndFieldPatternsCombineThroughAllOf() {
        let field = ConfigField(key: "u", label: "U", kind: .url(schemes: ["https", "svn+ssh"]), help: "h",
                                constraints: FieldConstraints(pattern: "/saml$"))
        let exported = ConfigSchema(modes: [ConfigMode(id: "m", title: "M", summary: "s", fields: [field])])
            .jsonSchema(for: ProviderDescriptor(id: "x", name: "X", summary: "s", protocol: .saml))
        #expect(exported["oneOf"]?[0]?["properties"]?["u"]?["allOf"] == [["pattern": "^(?:https|svn\\+ssh)://[^\\s/?#]+\\S*$"], ["pattern": "/saml$"]])
    }

    @Test func serializationIsDeterministic() {
        #expect(SamplePlugin().jsonSchema.serialized(pretty: true) == schema.serialized(pretty: true))
    }
}

@Suite struct ProviderCatalogTests {
    @Test func catalogListsProvidersWithModesAndFields() throws {
        var second = SamplePlugin()
        second.descriptor = ProviderDescriptor(id: "another", name: "Another", summary: "s", protocol: .saml)
        let registry = try ProviderRegistry([SamplePlugin(), second])
        let catalog = registry.catalogJSON()
        #expect(catalog.arrayValue?.map { $0["id"] } == ["sample-idp", "another"])
        let entry = try #require(catalog[0])
        #expect(entry.objectValue?.keys.sorted() == ["fields", "id", "modes", "name", "protocol", "summary"])
        #expect(entry["protocol"] == "saml")
        #expect(entry["name"] == "Sample IdP")
        #expect(entry["modes"]?[2]?["fields"] == ["sso_url", "idp_entity_id", "signing_certificates", "sso_binding", "sign_requests", "attribute_names"])
        #expect(entry["modes"]?[0]?.objectValue?.keys.sorted() == ["fields", "id", "summary", "title"])
        let fields = try #require(entry["fields"]?.arrayValue)
        #expect(fields.map { $0["key"] } == ["metadata_url", "metadata_xml", "sso_url", "idp_entity_id", "signing_certificates",
                                            "sso_binding", "sign_requests", "attribute_names"])
        let metadataURL = try #require(fields.first)
        #expect(metadataURL.objectValue?.keys.sorted() == ["example", "help", "key", "kind", "label", "modes", "required"])
        #expect(metadataURL["kind"] == "url")
        #expect(metadataURL["required"] == true)
        #expect(metadataURL["modes"] == ["metadata-url"])
        let mapping = try #require(fields.last)
        #expect(mapping["modes"] == ["metadata-url", "metadata-file", "manual"])
        #expect(mapping["required"] == false)
        #expect(mapping["kind"] == "attribute-mapping")
        #expect(fields[1]["example"] == .null)
    }
}
