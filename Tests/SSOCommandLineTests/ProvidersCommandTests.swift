import Foundation
import Testing
import SSOCommandLine

@Suite struct ProvidersCommandTests {
    @Test func tableListsEveryBuiltInProvider() async {
        let run = await sso("providers")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("ID "))
        for id in ["okta", "google-workspace", "entra-id", "generic-saml"] {
            #expect(run.output.contains("\n\(id) "))
        }
        #expect(!run.output.contains("\u{1B}["))
    }

    @Test func jsonListsExactlyTheFourBuiltInIdsInPickerOrder() async throws {
        let run = await sso("providers", "--json")
        let providers = try #require(try run.json() as? [[String: Any]])
        #expect(providers.compactMap { $0["id"] as? String } == ["okta", "google-workspace", "entra-id", "generic-saml"])
        for provider in providers {
            #expect(Set(provider.keys) == ["id", "name", "protocol", "summary", "modes", "fields"])
            #expect(provider["protocol"] as? String == "saml")
        }
    }

    @Test func jsonShapeOfModesAndFields() async throws {
        let run = await sso("providers", "--json", tool: try .withTestProvider())
        #expect(run.status == 0)
        let provider = try #require((try run.json() as? [[String: Any]])?.first)
        #expect(provider["name"] as? String == "Test IdP")
        let modes = try #require(provider["modes"] as? [[String: Any]])
        #expect(modes.count == 2)
        #expect(modes[0]["id"] as? String == "metadata-url")
        #expect(modes[0]["fields"] as? [String] == ["metadata_url"])
        #expect(modes[1]["fields"] as? [String] == ["sso_url", "issuer"])
        #expect(Set(modes[0].keys) == ["id", "title", "summary", "fields"])
        let fields = try #require(provider["fields"] as? [[String: Any]])
        #expect(fields.count == 3)
        #expect(Set(fields[0].keys) == ["key", "label", "kind", "required", "modes", "help", "example"])
        #expect(fields[0]["kind"] as? String == "url")
        #expect(fields[1]["required"] as? Bool == true)
        #expect(fields[2]["required"] as? Bool == false)
        #expect(fields[2]["modes"] as? [String] == ["manual"])
        #expect(fields[2]["example"] is NSNull)
    }

    @Test func colourOnATerminalUnlessNoColor() async {
        let coloured = await sso("providers", terminal: true)
        #expect(coloured.output.contains("\u{1B}[1m"))
        let plain = await sso("providers", tool: .testing(environment: ["NO_COLOR": "1"]), terminal: true)
        #expect(!plain.output.contains("\u{1B}["))
    }
}
