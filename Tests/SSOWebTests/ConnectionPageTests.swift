import Foundation
import SelfServeSSO
import SSOLifecycle
@testable import SSOWeb
import Testing

@Suite("Connection page")
struct ConnectionPageTests {
    @Test("Without a connection: a provider card per registered provider, with its name and summary")
    func picker() async throws {
        let harness = try await WebHarness()
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security/connection").text
        for plugin in harness.lifecycle.registry.plugins {
            #expect(page.contains(">\(plugin.descriptor.name)</h3>"))
            #expect(page.contains("value=\"\(plugin.descriptor.id)\""))
        }
        let chosen = await browser.post("/orgs/acme/security/connection/provider", [("provider", "okta")])
        #expect(chosen.status == 303)
        #expect(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.providerID == "okta")
    }

    @Test("The form comes from the schema: modes as a choice, labels exactly the fields' labels, help, example, uploads", arguments: ["okta", "google-workspace", "entra-id", "generic-saml"])
    func form(providerID: String) async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.chooseProvider(providerID, organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security/connection").text
        let plugin = try #require(harness.lifecycle.registry.plugin(id: providerID))
        #expect(page.contains("enctype=\"multipart/form-data\""))
        for mode in plugin.schema.modes {
            #expect(page.contains("name=\"mode\" id=\"mode-\(mode.id)\" value=\"\(mode.id)\""))
            for field in mode.fields {
                let id = Components.htmlID("field", "\(mode.id).\(field.key)")
                #expect(page.contains("<label for=\"\(id)\">\(escaped(field.label))</label>"), "label of \(field.key)")
                #expect(page.contains(escaped(field.help)))
                if case .xmlDocument = field.kind { #expect(page.contains("type=\"file\" id=\"\(id)-file\"")) }
                if case .certificates = field.kind { #expect(page.contains("type=\"file\" id=\"\(id)-file\"")) }
            }
        }
        let details = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal)
        for value in details.serviceProviderValues {
            #expect(page.contains(">\(escaped(value.label))</span>"), "SP value label \(value.label)")
            #expect(page.contains(">\(escaped(value.value))</code>"))
        }
        let guide = try plugin.setupGuide()
        for step in guide.steps {
            #expect(page.contains(escaped(step.title)), "guide step \(step.title)")
        }
        #expect(page.contains(">Save</button>"))
        #expect(!page.contains("{{"))
    }

    @Test("An invalid configuration comes back with every issue next to its field and nothing saved")
    func invalid() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.chooseProvider("generic-saml", organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/connection")
        let response = await browser.postMultipart("/orgs/acme/security/connection", [
            ("provider", "generic-saml"), ("mode", "manual"), ("manual.sso_url", "http://idp.example.com/sso"),
        ])
        #expect(response.status == 422)
        let page = response.text
        #expect(page.contains("The settings were not saved"))
        #expect(page.contains("<code>sso-url.not-https</code>"))
        #expect(page.contains("<code>idp-entity-id.missing</code>") || page.contains("idp-entity-id"))
        #expect(page.contains("value=\"http://idp.example.com/sso\""))
        #expect(page.contains("id=\"mode-manual\" value=\"manual\" aria-labelledby=\"modes-legend mode-manual-label\" checked"))
        #expect(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.configuration == nil)
    }

    @Test("A valid configuration is saved, then the page says what was understood")
    func valid() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.chooseProvider("generic-saml", organizationID: "acme", by: WebHarness.operatorPrincipal)
        let example = try genericManualExample()
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/connection")
        let response = await browser.postMultipart("/orgs/acme/security/connection", [
            ("provider", "generic-saml"), ("mode", "manual"),
            ("manual.sso_url", example.text("sso_url") ?? ""), ("manual.idp_entity_id", example.text("idp_entity_id") ?? ""),
            ("manual.signing_certificates", example.text("signing_certificates") ?? ""),
            ("attribute_mapping.email", "mail"),
        ])
        #expect(response.status == 303)
        #expect(response.location == "/orgs/acme/security/connection?notice=saved")
        let saved = try #require(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.configuration)
        #expect(saved.submitted.values["attribute_mapping"] == .mapping(["email": "mail"]))
        let page = await browser.get("/orgs/acme/security/connection?notice=saved").text
        #expect(page.contains("What was understood"))
        #expect(page.contains(escaped(saved.identityProvider.entityID)))
        #expect(page.contains(escaped(saved.identityProvider.ssoURL)))
        #expect(page.contains(saved.identityProvider.certificates[0].sha256Fingerprint))
        #expect(page.contains("Valid until"))
    }

    @Test("A metadata file uploaded through the form is read (multipart), and a certificate file beside pasted text")
    func upload() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.chooseProvider("generic-saml", organizationID: "acme", by: WebHarness.operatorPrincipal)
        let plugin = try #require(harness.lifecycle.registry.plugin(id: "generic-saml"))
        let metadata = try #require(plugin.examples.first { $0.isValid && $0.configuration.mode == "metadata-file" }?.configuration.text("metadata_xml"))
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/connection")
        let response = await browser.postMultipart("/orgs/acme/security/connection",
            [("provider", "generic-saml"), ("mode", "metadata-file"), ("metadata-file.metadata_xml", "")],
            files: [(field: "metadata-file.metadata_xml.file", name: "metadata.xml", content: Data(metadata.utf8))])
        #expect(response.status == 303, "\(response.text.prefix(2000))")
        let saved = try #require(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.configuration)
        #expect(saved.submitted.mode == "metadata-file")

        // A DER certificate file is wrapped as PEM.
        let example = try genericManualExample()
        let pem = try #require(example.text("signing_certificates"))
        let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: base64))
        _ = await browser.get("/orgs/acme/security/connection")
        let manual = await browser.postMultipart("/orgs/acme/security/connection",
            [("provider", "generic-saml"), ("mode", "manual"), ("manual.sso_url", example.text("sso_url") ?? ""),
             ("manual.idp_entity_id", example.text("idp_entity_id") ?? ""), ("manual.signing_certificates", "")],
            files: [(field: "manual.signing_certificates.file", name: "idp.cer", content: der)])
        #expect(manual.status == 303, "\(manual.text.prefix(2000))")
    }

    @Test("Two admins with the form open: the first save wins, the second is a 409 page saying someone else changed it")
    func concurrentEdits() async throws {
        let harness = try await WebHarness()
        let connection = try await harness.lifecycle.chooseProvider("generic-saml", organizationID: "acme", by: WebHarness.operatorPrincipal)
        let example = try genericManualExample()
        var first = harness.browser()
        var second = harness.browser()
        let firstPage = await first.get("/orgs/acme/security/connection").text
        let secondPage = await second.get("/orgs/acme/security/connection").text
        let versionField = "<input type=\"hidden\" name=\"version\" value=\"\(connection.version)\">"
        #expect(firstPage.contains(versionField))
        #expect(secondPage.contains(versionField))
        func fields(_ ssoURL: String) -> [(String, String)] {
            [("provider", "generic-saml"), ("version", String(connection.version)), ("mode", "manual"),
             ("manual.sso_url", ssoURL), ("manual.idp_entity_id", example.text("idp_entity_id") ?? ""),
             ("manual.signing_certificates", example.text("signing_certificates") ?? "")]
        }
        let saved = await first.postMultipart("/orgs/acme/security/connection", fields("https://idp.example.test/first"))
        #expect(saved.status == 303)
        let refused = await second.postMultipart("/orgs/acme/security/connection", fields("https://idp.example.test/second"))
        #expect(refused.status == 409)
        #expect(refused.text.contains("connection.changed"))
        #expect(refused.text.contains("Someone else changed the connection"))
        let now = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection
        #expect(now.configuration?.identityProvider.ssoURL == "https://idp.example.test/first")

        // The page now carries the new version, and a save from it goes through.
        let reloaded = await second.get("/orgs/acme/security/connection").text
        #expect(reloaded.contains("<input type=\"hidden\" name=\"version\" value=\"\(now.version)\">"))
        var again = fields("https://idp.example.test/second")
        again[1] = ("version", String(now.version))
        #expect(await second.postMultipart("/orgs/acme/security/connection", again).status == 303)

        // Activation from a page showing an older version is refused the same way.
        let stale = await first.post("/orgs/acme/security/activation", [("version", String(connection.version))])
        #expect(stale.status == 409)
        #expect(stale.text.contains("connection.changed"))
    }

    @Test("A change to an active connection is saved as pending and the page says so")
    func pendingNotice() async throws {
        let harness = try await WebHarness()
        let example = try genericManualExample()
        _ = try await harness.lifecycle.saveConfiguration(example, providerID: "generic-saml", organizationID: "acme", by: WebHarness.operatorPrincipal)
        // A live connection with a different saved configuration.
        var connection = try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection
        var live = try #require(connection.configuration)
        live.fingerprint = "0000"
        connection.status = .active
        connection.liveConfiguration = live
        let stored = connection
        _ = try await harness.lifecycle.store.transaction(.write) { transaction in try transaction.updateConnection(stored) }
        var browser = harness.browser()
        let page = await browser.get("/orgs/acme/security/connection").text
        #expect(page.contains("A change is pending."))
        #expect(page.contains("Live configuration"))
    }

    @Test("Change provider and reset need the organization's name typed")
    func typedName() async throws {
        let harness = try await WebHarness()
        _ = try await harness.lifecycle.saveConfiguration(try genericManualExample(), providerID: "generic-saml", organizationID: "acme", by: WebHarness.operatorPrincipal)
        var browser = harness.browser()
        _ = await browser.get("/orgs/acme/security/connection/reset")
        let wrong = await browser.post("/orgs/acme/security/connection/reset", [("confirm_name", "Acme")])
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("<code>confirmation.name-mismatch</code>"))
        #expect(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.configuration != nil)
        let right = await browser.post("/orgs/acme/security/connection/reset", [("confirm_name", "Acme Corp")])
        #expect(right.status == 303)
        let gone = await browser.get("/orgs/acme/security/connection").text
        #expect(gone.contains("Choose your identity provider"))

        _ = try await harness.lifecycle.chooseProvider("okta", organizationID: "acme", by: WebHarness.operatorPrincipal)
        let page = await browser.get("/orgs/acme/security/connection/change-provider").text
        #expect(!page.contains("value=\"okta\""))
        let refused = await browser.post("/orgs/acme/security/connection/change-provider", [("provider", "entra-id"), ("confirm_name", "")])
        #expect(refused.status == 422)
        _ = await browser.get("/orgs/acme/security/connection/change-provider")
        let changed = await browser.post("/orgs/acme/security/connection/change-provider", [("provider", "entra-id"), ("confirm_name", "Acme Corp")])
        #expect(changed.status == 303)
        #expect(try await harness.lifecycle.connectionDetails(organizationID: "acme", by: WebHarness.operatorPrincipal).connection.providerID == "entra-id")
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
