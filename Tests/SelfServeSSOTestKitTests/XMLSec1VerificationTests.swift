import Foundation
import SAML
import SelfServeSSOTestKit
import Testing

/// The test kit's signatures checked by an independent implementation: `xmlsec1` (the
/// XMLSec library's command line tool, Debian package `xmlsec1`), so that signer and the
/// SAML target's verifier cannot share a bug. xmlsec1 trusts only the certificate passed with
/// `--pubkey-cert-pem`; the suite also shows that it refuses a signature by another key
/// whose certificate is in `KeyInfo`, so its "OK" means the right key verified.
///
/// Runs when `xmlsec1` is on `PATH`, or when `SSO_REQUIRE_XMLSEC1=1` is set; then a missing
/// `xmlsec1` fails the suite instead of skipping it (CI sets the variable).
@Suite("xmlsec1 verifies minted signatures independently", .enabled(if: XMLSec1.shouldRun))
struct XMLSec1VerificationTests {
    static let now = TestKitFixtures.now

    @Test("Assertion, response and both signatures verify in xmlsec1, RSA and ECDSA",
          arguments: TestKitFixtures.KeyKind.allCases, [ResponseOptions.Signing.assertion, .response, .both])
    func verifies(kind: TestKitFixtures.KeyKind, signing: ResponseOptions.Signing) async throws {
        let xmlsec1 = try XMLSec1.require()
        let idp = try TestKitFixtures.idp(kind)
        let response = try idp.response(to: try TestKitFixtures.request(to: idp), user: TestKitFixtures.alice, now: Self.now,
                                        options: ResponseOptions(signing: signing))
        // xmlsec1 verifies the first signature in the document (the Response's when it is
        // signed); with both, the Assertion's is checked as well, by its own start node.
        let result = try await xmlsec1.verify(response.xml, certificatePEM: idp.signingKey.certificatePEM)
        #expect(result.succeeded, "\(result.output)")
        if signing == .both {
            let inner = try await xmlsec1.verify(response.xml, certificatePEM: idp.signingKey.certificatePEM,
                                                 startNode: "//*[local-name()='Assertion']/*[local-name()='Signature']")
            #expect(inner.succeeded, "\(inner.output)")
        }
    }

    @Test("Tampered responses fail in xmlsec1",
          arguments: [ResponseOptions.Signing.assertion, .response],
          [ResponseOptions.Tampering.modifyNameID(to: "mallory@example.com"), .corruptSignatureValue])
    func tamperingFails(signing: ResponseOptions.Signing, tampering: ResponseOptions.Tampering) async throws {
        let xmlsec1 = try XMLSec1.require()
        let idp = try TestKitFixtures.idp()
        let request = try TestKitFixtures.request(to: idp)
        let intact = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now,
                                      options: ResponseOptions(signing: signing))
        let tampered = try idp.response(to: request, user: TestKitFixtures.alice, now: Self.now,
                                        options: ResponseOptions(signing: signing, tampering: tampering))
        let control = try await xmlsec1.verify(intact.xml, certificatePEM: idp.signingKey.certificatePEM)
        #expect(control.succeeded, "\(control.output)")
        let result = try await xmlsec1.verify(tampered.xml, certificatePEM: idp.signingKey.certificatePEM)
        #expect(!result.succeeded, "xmlsec1 accepted a tampered response: \(result.output)")
    }

    @Test("A signature by another key fails in xmlsec1 even with that key's certificate in KeyInfo")
    func otherKeyFails() async throws {
        let xmlsec1 = try XMLSec1.require()
        let idp = try TestKitFixtures.idp()
        let attacker = try #require(TestKitFixtures.attackerKey)
        let response = try idp.response(to: try TestKitFixtures.request(to: idp), user: TestKitFixtures.alice,
                                        now: Self.now, options: ResponseOptions(signingKey: attacker))
        let result = try await xmlsec1.verify(response.xml, certificatePEM: idp.signingKey.certificatePEM)
        #expect(!result.succeeded, "xmlsec1 trusted KeyInfo: \(result.output)")
        let withAttackerCertificate = try await xmlsec1.verify(response.xml, certificatePEM: attacker.certificatePEM)
        #expect(withAttackerCertificate.succeeded, "\(withAttackerCertificate.output)")
    }
}

/// Finding and running `xmlsec1` with a timeout.
struct XMLSec1 {
    let executable: URL

    /// Whether the suite runs: xmlsec1 is installed, or it is required.
    static var shouldRun: Bool { isRequired || locate() != nil }

    /// Whether `SSO_REQUIRE_XMLSEC1=1` is set.
    static var isRequired: Bool { ProcessInfo.processInfo.environment["SSO_REQUIRE_XMLSEC1"] == "1" }

    /// xmlsec1, or a failed test when it is missing (the suite only runs without it when it
    /// is required).
    static func require() throws -> XMLSec1 {
        let executable = try #require(locate(),
            "SSO_REQUIRE_XMLSEC1=1 is set but xmlsec1 is not on PATH; install it (Debian: apt-get install xmlsec1).")
        return XMLSec1(executable: executable)
    }

    private static func locate() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("xmlsec1") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Result {
        var succeeded: Bool
        var output: String
    }

    /// Runs `xmlsec1 --verify` on `xml` with only `certificatePEM` trusted, the SAML
    /// Response and Assertion `ID` attributes registered as IDs.
    /// - Parameters:
    ///   - xml: The document.
    ///   - certificatePEM: The certificate whose key must verify.
    ///   - startNode: An XPath to the signature to verify, nil for the first one.
    ///   - timeout: Seconds before the process is killed and the test fails.
    func verify(_ xml: String, certificatePEM: String, startNode: String? = nil,
                timeout: TimeInterval = 30) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sso-xmlsec1-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = directory.appendingPathComponent("response.xml")
        let certificate = directory.appendingPathComponent("idp.pem")
        let log = directory.appendingPathComponent("output.txt")
        try Data(xml.utf8).write(to: document)
        try Data(certificatePEM.utf8).write(to: certificate)
        try Data().write(to: log)

        let process = Process()
        process.executableURL = executable
        process.arguments = ["--verify", "--pubkey-cert-pem", certificate.path,
                             "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
                             "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"]
            + (startNode.map { ["--node-xpath", $0] } ?? []) + [document.path]
        // A file, not a pipe: the process never blocks on a full pipe while the test waits.
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(timeout)
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("xmlsec1 did not finish within \(Int(timeout)) s and was stopped.")
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Result(succeeded: process.terminationReason == .exit && process.terminationStatus == 0, output: text)
    }
}
