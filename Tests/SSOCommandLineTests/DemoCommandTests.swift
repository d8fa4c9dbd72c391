import Foundation
import Testing
@testable import SSOCommandLine

/// `sso demo`: the whole flow offline on a temporary SQLite store, a loopback DNS server and
/// the test identity provider.
@Suite struct DemoCommandTests {
    @Test func runsEveryStepAndCleansUp() async throws {
        let run = await sso("demo")
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.errors.isEmpty)
        let keyLines = [
            "Step 1. The operator sets the application's base URL",
            "$ sso org create acme --name 'Acme Inc'",
            "$ sso domain add acme acme-demo.com",
            "    Type   TXT\n    Name   _sso-verification.acme-demo.com\n    Value  sso-verification=",
            "$ sso domain verify acme acme-demo.com --nameserver 127.0.0.1:",
            "  Verified acme-demo.com for acme",
            "$ sso connection set acme --provider generic-saml --metadata-file $DEMO/idp-metadata.xml",
            "  generic-saml (metadata-file): valid",
            "  Open this URL in a browser and sign in at the identity provider:\n\n    https://idp.example.test/sso?SAMLRequest=",
            "  Test sign-in succeeded",
            "    Email       jane@acme-demo.com\n    First name  Jane\n    Last name   Doe",
            "  Active: acme's connection conn_",
            "$ sso route jane@acme-demo.com",
            "    Provider      generic-saml",
            "  Signed in jane@acme-demo.com (acme, generic-saml):",
            "connection.activated",
            "Done. The temporary store is deleted.",
        ]
        for line in keyLines {
            #expect(run.output.contains(line), "missing: \(line)")
        }
        // The temporary folder named in the introduction is gone.
        let folder = try #require(run.output.firstMatch(of: /\$DEMO below\s+\((\/[^)]+)\)/)).output.1
        #expect(!FileManager.default.fileExists(atPath: String(folder)))
    }

    @Test func theDemoUsesItsOwnStore() async {
        let run = await sso("demo", "--store", "/tmp/x.sqlite")
        #expect(run.status == 2)
        #expect(run.errors.contains("'sso demo' does not use '--store'"))
    }
}
