import Foundation
import Testing
import SSOCommandLine

@Suite struct SchemaCommandTests {
    @Test(arguments: ["okta", "google-workspace", "entra-id", "generic-saml"])
    func everyBuiltInProviderHasA202012Schema(id: String) async throws {
        let run = await sso("schema", id)
        #expect(run.status == 0)
        let schema = try #require(try run.json() as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["oneOf"] is [Any])
        #expect(run.output.hasSuffix("}\n"))
    }

    @Test func jsonFlagChangesNothing() async {
        let plain = await sso("schema", "okta")
        let json = await sso("--json", "schema", "okta")
        #expect(plain.output == json.output)
        #expect(json.status == 0)
    }

    @Test func unknownProviderIsAUsageErrorListingTheIds() async {
        let run = await sso("schema", "no-such-provider")
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("Known providers: okta, google-workspace, entra-id, generic-saml."))
    }

    @Test func missingProviderShowsUsage() async {
        let run = await sso("schema")
        #expect(run.status == 2)
        #expect(run.errors.contains("USAGE: sso schema <provider-id>"))
    }
}
