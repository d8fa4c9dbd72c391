// Release-built benchmark of the SAML trust core: `swift run -c release sso-benchmark`
// from the package root, or `sso-benchmark [fixtures-directory] [--count N]`.
// `--count N` validates exactly N times and stops (for `perf stat`, whose instruction
// counts do not depend on how busy the machine is).
//
// Measures, on one thread: validations per second of a both-signed RSA-2048 SAML Response
// (raw XML and base64 as posted), and metadata parses per second of federation metadata
// documents with WS-Federation role descriptors.
import Foundation
import SAML

/// CPU time of this thread, in seconds: on a shared machine, wall-clock rates measure the
/// other processes too, while this measures what one core does for us.
func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Runs `body` repeatedly for about `seconds` of CPU time after a warm-up.
/// - Returns: Runs per CPU-second and runs per wall-clock second.
func rate(seconds: Double = 2, _ body: () throws -> Void) rethrows -> (cpu: Double, wall: Double) {
    for _ in 0..<200 { try body() }
    var runs = 0
    let wallStart = DispatchTime.now().uptimeNanoseconds
    let cpuStart = threadCPUTime()
    var cpu = 0.0
    repeat {
        for _ in 0..<100 { try body() }
        runs += 100
        cpu = threadCPUTime() - cpuStart
    } while cpu < seconds
    let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
    return (Double(runs) / cpu, Double(runs) / wall)
}

func report(_ label: String, _ measured: (cpu: Double, wall: Double)) {
    print(String(format: "  %@ %9.0f /s per CPU-second (%.0f /s wall clock)", label, measured.cpu, measured.wall))
}

func load(_ path: String) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("sso-benchmark: cannot read \(path); run from the package root or pass the Tests/SAMLTests/Fixtures directory\n".utf8))
        exit(2)
    }
    return data
}

var arguments = Array(CommandLine.arguments.dropFirst())
var fixedCount: Int?
if let flag = arguments.firstIndex(of: "--count"), flag + 1 < arguments.count, let count = Int(arguments[flag + 1]) {
    fixedCount = count
    arguments.removeSubrange(flag...(flag + 1))
}
let fixtures = arguments.first ?? "Tests/SAMLTests/Fixtures"
let response = load("\(fixtures)/responses/both-signed.xml")
let responseBase64 = load("\(fixtures)/responses/both-signed-base64.b64")
let certificatePEM = load("\(fixtures)/responses/rsa2048.pem")

do {
    let options = ResponseValidationOptions(
        trustedCertificates: try Certificate.parseAll(data: certificatePEM),
        identityProviderEntityID: "https://idp.example.test/saml/metadata",
        serviceProviderEntityID: "https://app.example.test/saml/metadata",
        assertionConsumerServiceURL: "https://app.example.test/saml/acs",
        expectedRequestID: "_req-5d9a0c2b7e4f4a19b6b1c0ffee000001",
        now: Date(timeIntervalSince1970: 1_772_366_400)) // 2026-03-01T12:00:00Z, inside the fixture's validity
    let validator = try ResponseValidator(options: options)
    let identity = try validator.validate(response)
    print("response: both-signed RSA-2048 (RSA-SHA256), \(response.count) bytes, NameID \(identity.nameID)")
    if let fixedCount {
        for _ in 0..<fixedCount { _ = try validator.validate(response) }
        print("validated \(fixedCount) times")
        exit(0)
    }
    report("validations (XML):   ", try rate { _ = try validator.validate(response) })
    // Where the time goes: the libxml2 parts alone (the rest is two RSA-2048 verifications,
    // digests, and the checks themselves).
    let tree = try XMLTree(bytes: response)
    report("  of which: parse    ", try rate(seconds: 1) { _ = try XMLTree(bytes: response) })
    report("  of which: c14n of the whole Response", rate(seconds: 1) { _ = tree.canonicalize(tree.root, excluding: nil) })
    report("validations (base64):", try rate { _ = try validator.validate(responseBase64) })

    let now = Date(timeIntervalSince1970: 1_400_000_000)
    for name in ["azuread-2014-federation.xml", "adfs-ucar-2017.xml"] {
        let metadata = load("\(fixtures)/metadata/\(name)")
        _ = try IdentityProviderMetadata.parse(metadata, now: now)
        print("metadata: \(name), \(metadata.count) bytes")
        report("parses:              ", try rate { _ = try IdentityProviderMetadata.parse(metadata, now: now) })
    }
} catch {
    print("sso-benchmark: \(error)")
    exit(1)
}
