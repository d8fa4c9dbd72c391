import Foundation
import SelfServeSSO
import SelfServeSSOTestKit
import Testing
@testable import SSOCommandLine

/// `sso connection …` and `sso sp-metadata`, up to what needs no signed response.
@Suite struct ConnectionCommandTests {
    @Test func manualConfigurationIsValidatedAndSaved() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.savedConnection()
        #expect(run.status == 0, "\(run.output)")
        let report = try #require(try run.json() as? [String: Any])
        #expect(report["provider"] as? String == "generic-saml")
        #expect(report["mode"] as? String == "manual")
        #expect(report["valid"] as? Bool == true)
        #expect(report["issues"] is [Any])
        #expect(report["saved"] as? Bool == true)
        #expect((report["connection"] as? String)?.hasPrefix("conn_") == true)
        #expect(report["pendingTest"] as? Bool == false)
        #expect(report["errors"] == nil)
        let sp = try #require(report["sp"] as? [String: Any])
        #expect((sp["acsURL"] as? String)?.hasPrefix("https://app.example.com/sso/saml/acs/conn_") == true)
    }

    @Test func errorsBlockSavingAndListEveryIssue() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("connection", "set", "acme", "--provider", "generic-saml", "--sso-url", "http://idp.example.test/sso",
                                  "--json")
        #expect(run.status == 1)
        let report = try #require(try run.json() as? [String: Any])
        #expect(report["saved"] as? Bool == false)
        #expect(report["connection"] is NSNull)
        #expect(report["valid"] as? Bool == false)
        let errors = try #require(report["errors"] as? [[String: Any]])
        let fields = Set(errors.compactMap { $0["field"] as? String })
        #expect(fields.contains("idp_entity_id"))
        #expect(fields.contains("signing_certificates"))
        #expect(errors.allSatisfy { $0["code"] is String && $0["message"] is String })

        let text = await world.sso("connection", "set", "acme", "--provider", "generic-saml", "--sso-url", "http://idp.example.test/sso")
        #expect(text.status == 1)
        #expect(text.output.contains("generic-saml (manual): invalid"))
        #expect(text.output.contains("Fix: "))
        #expect(text.output.contains("Not saved: fix the errors above"))
    }

    @Test func configAndMetadataFileSources() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pem = try String(contentsOfFile: world.certificatePath, encoding: .utf8)
        let config = try JSONSerialization.data(withJSONObject: [
            "mode": "manual", "sso_url": "https://idp.example.test/sso", "idp_entity_id": "https://idp.example.test/saml",
            "signing_certificates": pem,
        ])
        let path = try writeFile(String(decoding: config, as: UTF8.self), named: "config.json", in: directory)
        let fromConfig = await world.sso("connection", "set", "acme", "--provider", "generic-saml", "--config", path, "--json")
        #expect(fromConfig.status == 0, "\(fromConfig.output)")

        let metadata = fixturesDirectory.appendingPathComponent("metadata/okta-metadata.xml").path
        let other = CommandLineWorld()
        await other.organization()
        let fromFile = await other.sso("connection", "set", "acme", "--provider", "okta", "--metadata-file", metadata, "--json")
        let report = try #require(try fromFile.json() as? [String: Any])
        #expect(report["mode"] as? String == "metadata-file")
        #expect(fromFile.status == ((report["saved"] as? Bool) == true ? 0 : 1))
    }

    @Test func metadataURLIsFetchedWithTheToolsFetcher() async throws {
        let idp = try TestIdentityProvider()
        let world = CommandLineWorld(metadataFetcher: FixedMetadataFetcher(result: .success(Data(idp.metadataXML.utf8))))
        await world.organization()
        let run = await world.sso("connection", "set", "acme", "--provider", "generic-saml", "--metadata-url",
                                  "https://idp.example.test/metadata", "--json")
        #expect(run.status == 0, "\(run.output)")
        let report = try run.object()
        #expect(report["mode"] as? String == "metadata-url")
        #expect(report["saved"] as? Bool == true)
        let shown = try await world.sso("connection", "show", "acme", "--json").object()
        let saved = try #require(shown["idp"] as? [String: Any])
        #expect(saved["metadataURL"] as? String == "https://idp.example.test/metadata")
        #expect(saved["entityID"] as? String == idp.entityID)
    }

    @Test func metadataURLWithoutAFetcherIsReported() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("connection", "set", "acme", "--provider", "okta", "--metadata-url",
                                  "https://acme.okta.com/app/exk1/sso/saml/metadata", "--json")
        #expect(run.status == 1)
        let report = try #require(try run.json() as? [String: Any])
        #expect(report["saved"] as? Bool == false)
        #expect((report["errors"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test(arguments: [
        ["--metadata-url", "https://a.example/m", "--metadata-file", "m.xml"],
        ["--config", "c.json", "--sso-url", "https://a.example/sso"],
    ])
    func severalSourcesAreAUsageError(sources: [String]) async {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso(["connection", "set", "acme", "--provider", "okta"] + sources)
        #expect(run.status == 2)
        #expect(run.errors.contains("cannot be used together"))
    }

    @Test func unknownProviderIsRefused() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("connection", "set", "acme", "--provider", "no-such", "--sso-url", "https://a.example/sso", "--json")
        #expect(run.status == 1)
        #expect(try OrganizationCommandTests.code(run) == "provider.unknown")
    }

    @Test func providerAloneCreatesTheConnectionAndShowsTheValuesToEnter() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let run = await world.sso("connection", "set", "acme", "--provider", "okta")
        #expect(run.status == 0)
        #expect(run.output.contains("Enter these values in Okta Workforce's console:"))
        #expect(run.output.contains("https://app.example.com/sso/saml/acs/conn_"))
        let show = await world.sso("connection", "show", "acme", "--json")
        let object = try #require(try show.json() as? [String: Any])
        #expect(object["idp"] is NSNull)
        #expect(object["status"] as? String == "draft")
        let other = await world.sso("connection", "set", "acme", "--provider", "entra-id", "--json")
        #expect(other.status == 1)
        #expect(try OrganizationCommandTests.code(other) == "connection.provider-mismatch")
    }

    @Test func showHasTheContractKeys() async throws {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.savedConnection()
        let run = await world.sso("connection", "show", "acme", "--json")
        #expect(run.status == 0)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["provider"] as? String == "generic-saml")
        #expect(object["status"] as? String == "draft")
        let sp = try #require(object["sp"] as? [String: Any])
        #expect(Set(sp.keys) == ["entityID", "acsURL", "metadataURL"])
        let idp = try #require(object["idp"] as? [String: Any])
        #expect(idp["entityID"] as? String == "https://idp.example.test/saml")
        #expect(idp["ssoURL"] as? String == "https://idp.example.test/sso")
        #expect((idp["certificates"] as? [Any])?.count == 1)
        #expect(object["tests"] as? [Any] != nil)

        let text = await world.sso("connection", "show", "acme")
        #expect(text.output.contains("Service-provider values to enter in Generic SAML 2.0's console:")
                || text.output.contains("Service-provider values to enter in"))
        #expect(text.output.contains("  Entity ID    https://idp.example.test/saml"))
        #expect(text.output.contains("Next: run a test sign-in:\n  sso connection test start acme"))
    }

    @Test func testStartPrintsTheURLToOpen() async throws {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.savedConnection()
        let run = await world.sso("connection", "test", "start", "acme", "--json")
        #expect(run.status == 0)
        let object = try #require(try run.json() as? [String: Any])
        for key in ["testID", "requestID", "relayState", "url", "expiresAt"] {
            #expect(object[key] is String, "missing \(key)")
        }
        #expect((object["url"] as? String)?.hasPrefix("https://idp.example.test/sso?SAMLRequest=") == true)
        #expect(object["expiresAt"] as? String == "2025-06-15T15:21:40Z")

        let text = await world.sso("connection", "test", "start", "acme")
        #expect(text.output.contains("Open this URL in a browser and sign in at the identity provider:\n\n  https://idp.example.test/sso?SAMLRequest="))
        #expect(text.output.contains("sso connection test complete acme RESPONSE_FILE --relay-state "))
    }

    @Test func testCompleteWithAGarbageResponseFails() async throws {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.savedConnection()
        let start = try #require(try await world.sso("connection", "test", "start", "acme", "--json").json() as? [String: Any])
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile("bm90IGEgcmVzcG9uc2U=", named: "response.b64", in: directory)
        let run = await world.sso("connection", "test", "complete", "acme", path, "--relay-state",
                                  try #require(start["relayState"] as? String), "--json")
        #expect(run.status == 1)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["status"] as? String != "success")
        #expect(object["user"] is NSNull)
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] is String)
        #expect(errors.first?["message"] is String)
        #expect(errors.first?.keys.contains("fix") == true)

        let missing = await world.sso("connection", "test", "complete", "acme", directory.appendingPathComponent("nope").path)
        #expect(missing.status == 2)
        let empty = await world.sso("connection", "test", "complete", "acme", try writeFile(" \n", named: "empty", in: directory))
        #expect(empty.status == 2)
        #expect(empty.errors.contains("it is empty"))
        // A file larger than any response is refused before it is read.
        let huge = directory.appendingPathComponent("huge")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 5 << 20)
        try handle.close()
        let tooLarge = await world.sso("connection", "test", "complete", "acme", huge.path)
        #expect(tooLarge.status == 2)
        #expect(tooLarge.errors.contains("more than the 4194304"))
    }

    @Test func activationNeedsAVerifiedDomainAndATest() async throws {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.savedConnection()
        let noDomain = await world.sso("connection", "activate", "acme", "--json")
        #expect(noDomain.status == 1)
        #expect(try OrganizationCommandTests.code(noDomain) == "activation.requires-verified-domain")
        try await world.verifiedDomain()
        let noTest = await world.sso("connection", "activate", "acme")
        #expect(noTest.status == 1)
        #expect(noTest.errors.contains("[activation.requires-successful-test]"))
        #expect(noTest.errors.contains("Run a test sign-in"))
        let deactivate = await world.sso("connection", "deactivate", "acme", "--json")
        #expect(deactivate.status == 1)
        #expect(try OrganizationCommandTests.code(deactivate) == "connection.not-active")
    }

    @Test func resetDeletesTheConnection() async throws {
        let world = CommandLineWorld()
        await world.organization()
        _ = await world.savedConnection()
        let run = await world.sso("connection", "reset", "acme", "--json")
        #expect(run.status == 0)
        let object = try #require(try run.json() as? [String: Any])
        #expect(object["reset"] as? Bool == true)
        #expect(object["provider"] as? String == "generic-saml")
        let show = await world.sso("connection", "show", "acme", "--json")
        #expect(try OrganizationCommandTests.code(show) == "connection.not-found")
    }

    @Test func spMetadataIsXML() async throws {
        let world = CommandLineWorld()
        await world.organization()
        let none = await world.sso("sp-metadata", "acme")
        #expect(none.status == 1)
        #expect(none.errors.contains("[connection.not-found]"))
        _ = await world.savedConnection()
        let run = await world.sso("sp-metadata", "acme")
        #expect(run.status == 0)
        #expect(run.output.contains("EntityDescriptor"))
        #expect(run.output.contains("https://app.example.com/sso/saml/acs/conn_"))
        let json = await world.sso("sp-metadata", "acme", "--json")
        #expect(json.status == 2)
    }
}
