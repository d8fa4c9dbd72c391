// Release-built benchmark of the SAML trust core: `swift run -c release sso-benchmark`
// from the package root, or `sso-benchmark [fixtures-directory] [--count N]`.
// `--count N` validates exactly N times and stops (for `perf stat`, whose instruction
// counts do not depend on how busy the machine is); with `--base64`, the base64 form; with
// `--metadata [NAME.xml]`, parses of the Azure AD federation metadata (or of another
// document of Fixtures/metadata) instead.
//
// Measures, on one thread: validations per second of a both-signed RSA-2048 SAML Response
// (raw XML and base64 as posted), and metadata parses per second of federation metadata
// documents with WS-Federation role descriptors, beside python3-saml's parser on the same
// documents in the same run (skipped, with a note, when python3-saml is not installed). It also measures the libraries' share on
// their own: the work no validator of such a response can skip (one libxml2 parse, four
// exclusive canonicalizations hashed with SHA-256, two RSA-2048 verifications), done through
// the C shims with none of our checks, which bounds what any validator on this libxml2 and
// libcrypto can reach on this machine.
//
// Then the SQLite store (SQLiteStoreBenchmark.swift): route look-ups and sign-in-finish
// writes on a store of 100,000 organizations; `--sqlite` runs that section alone. Then the
// lifecycle end to end (LifecycleBenchmark.swift): route(email:) on that store, and production
// sign-in finishes beside bare validations of the same responses; `--lifecycle` alone.
//
// Then the PostgreSQL store (PostgreSQLStoreBenchmark.swift): production sign-in finishes with
// 1, 4 and 16 clients and route look-ups at 100,000 organizations; `--postgresql` runs that
// section alone.
import CSAMLShims
import Foundation
import SAML

/// CPU time of this thread, in seconds: on a shared machine, wall-clock rates measure the
/// other processes too, while this measures what one core does for us.
func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Runs `body` repeatedly after a warm-up, in five rounds of about `seconds / 5` of CPU time
/// each. This machine is a virtual one whose host sometimes takes the CPU away mid-round (and
/// that time still counts as this thread's), so the best round is the figure and the median
/// shows how steady the rounds were.
/// - Returns: Runs per CPU-second in the best round and in the median round.
func rate(seconds: Double = 2, _ body: () throws -> Void) rethrows -> (best: Double, median: Double) {
    for _ in 0..<200 { try body() }
    var rounds: [Double] = []
    for _ in 0..<5 {
        var runs = 0
        let start = threadCPUTime()
        var cpu = 0.0
        repeat {
            for _ in 0..<50 { try body() }
            runs += 50
            cpu = threadCPUTime() - start
        } while cpu < seconds / 5
        rounds.append(Double(runs) / cpu)
    }
    rounds.sort()
    return (rounds[4], rounds[2])
}

func report(_ label: String, _ measured: (best: Double, median: Double)) {
    print(String(format: "  %@ %9.0f /s per CPU-second (median round %.0f /s)", label, measured.best, measured.median))
}

func load(_ path: String) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("sso-benchmark: cannot read \(path); run from the package root or pass the Tests/SAMLTests/Fixtures directory\n".utf8))
        exit(2)
    }
    return data
}

/// The library work one validation of a both-signed response cannot avoid, done through the
/// C shims without any of the validator's checks: parse; canonicalize the Response without
/// its signature and hash it; canonicalize its SignedInfo and hash it; verify; the same for
/// the Assertion; free the tree.
struct LibraryFloor {
    let response: Data
    let verifier: OpaquePointer
    let responseSignature: [UInt8]
    let assertionSignature: [UInt8]
    var signedInfoHash: [UInt8]
    let digest = Int32(SSO_DIGEST_SHA256.rawValue)

    init(response: Data, certificate: Certificate) throws {
        self.response = response
        var type: Int32 = 0
        var bits: Int32 = 0
        let key = certificate.der.withUnsafeBytes { raw in
            sso_crypto_certificate_public_key(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), raw.count, &type, &bits)
        }
        guard let key, let verifier = sso_crypto_verifier_new(key) else { throw LibraryFloorError.setUp("key") }
        sso_crypto_public_key_free(key)
        self.verifier = verifier
        let document = try Self.parse(response)
        defer { sso_xml_free(document) }
        let nodes = try Self.nodes(of: document)
        responseSignature = try Self.signatureValue(of: nodes.responseSignature)
        assertionSignature = try Self.signatureValue(of: nodes.assertionSignature)
        signedInfoHash = []
        signedInfoHash = hash(document, Self.child(nodes.responseSignature, "SignedInfo"), excluding: nil)
    }

    enum LibraryFloorError: Error { case setUp(String) }

    static func parse(_ bytes: Data) throws -> OpaquePointer {
        var error = sso_xml_error()
        let document = bytes.withUnsafeBytes { raw in
            sso_xml_parse_bounded(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count, 64, 128, &error)
        }
        guard let document else { throw LibraryFloorError.setUp("parse") }
        return document
    }

    static func child(_ node: sso_xml_node?, _ name: String) -> sso_xml_node? {
        var current = node.flatMap { sso_xml_first_element_child($0) }
        while let element = current {
            // strcmp, not a Swift String per sibling: this runs inside the timed loop, whose
            // figure is meant to be the libraries' work alone.
            if name.withCString({ strcmp(sso_xml_local_name(element), $0) }) == 0 { return element }
            current = sso_xml_next_element_sibling(element)
        }
        return nil
    }

    struct Nodes {
        let response, responseSignature, assertion, assertionSignature: sso_xml_node
    }

    static func nodes(of document: OpaquePointer) throws -> Nodes {
        let root = sso_xml_root(document)
        guard let root, let rs = child(root, "Signature"), let a = child(root, "Assertion"),
              let asig = child(a, "Signature") else { throw LibraryFloorError.setUp("shape") }
        return Nodes(response: root, responseSignature: rs, assertion: a, assertionSignature: asig)
    }

    static func signatureValue(of signature: sso_xml_node) throws -> [UInt8] {
        guard let value = child(signature, "SignatureValue"), let text = sso_xml_text_content(value) else {
            throw LibraryFloorError.setUp("SignatureValue")
        }
        defer { sso_free(text) }
        let length = strlen(text)
        var out = [UInt8](repeating: 0, count: length)
        let decoded = sso_base64_decode(text, length, &out)
        guard decoded > 0 else { throw LibraryFloorError.setUp("base64") }
        return Array(out.prefix(decoded))
    }

    func hash(_ document: OpaquePointer, _ apex: sso_xml_node?, excluding excluded: sso_xml_node?) -> [UInt8] {
        let context = sso_crypto_digest_begin(digest)
        _ = sso_xml_c14n_stream(document, apex, excluded, 1, 0, nil, sso_crypto_digest_sink, UnsafeMutableRawPointer(context))
        var out = [UInt8](repeating: 0, count: 64)
        var length = 0
        _ = sso_crypto_digest_end(context, &out, &length)
        return Array(out.prefix(length))
    }

    /// One pass; fails loudly if the shims ever stop verifying (so the figure is for real work).
    func run() {
        let document = try! Self.parse(response)
        defer { sso_xml_free(document) }
        let nodes = try! Self.nodes(of: document)
        _ = hash(document, nodes.response, excluding: nodes.responseSignature)
        let first = hash(document, Self.child(nodes.responseSignature, "SignedInfo"), excluding: nil)
        _ = hash(document, nodes.assertion, excluding: nodes.assertionSignature)
        let second = hash(document, Self.child(nodes.assertionSignature, "SignedInfo"), excluding: nil)
        precondition(sso_crypto_verifier_verify(verifier, digest, first, first.count, responseSignature, responseSignature.count, 0) == 1)
        precondition(sso_crypto_verifier_verify(verifier, digest, second, second.count, assertionSignature, assertionSignature.count, 0) == 1)
    }

    /// One RSA verification of the Response's SignedInfo digest.
    func verifyOnce() {
        precondition(sso_crypto_verifier_verify(verifier, digest, signedInfoHash, signedInfoHash.count,
                                                responseSignature, responseSignature.count, 0) == 1)
    }
}

/// python3-saml's metadata parsing rate, measured by `python3_saml_metadata.py` (next to this
/// file) in a subprocess, the same way as ours: five rounds of thread CPU time.
enum PythonSAML {
    enum Outcome {
        case measured((best: Double, median: Double), version: String)
        case skipped(String)
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("python3_saml_metadata.py")

    static func rate(metadataAt path: String) -> Outcome {
        guard FileManager.default.fileExists(atPath: script.path) else { return .skipped("\(script.path) not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, path, "2"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .skipped("python3 could not be started: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return .skipped(process.terminationStatus == 3 ? reason : "python3 exited with status \(process.terminationStatus): \(reason)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let best = object["best"] as? Double, let median = object["median"] as? Double else {
            return .skipped("unreadable output from \(script.lastPathComponent)")
        }
        return .measured((best, median), version: object["version"] as? String ?? "?")
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var fixedCount: Int?
if let flag = arguments.firstIndex(of: "--count"), flag + 1 < arguments.count, let count = Int(arguments[flag + 1]) {
    fixedCount = count
    arguments.removeSubrange(flag...(flag + 1))
}
if arguments.contains("--sqlite") {
    SQLiteStoreBenchmark.runBlocking()
    exit(0)
}
if arguments.contains("--lifecycle") {
    LifecycleBenchmark.runBlocking()
    exit(0)
}
if arguments.contains("--postgresql") {
    PostgreSQLStoreBenchmark.runBlocking()
    exit(0)
}
let fixtures = arguments.first(where: { !$0.hasPrefix("--") && !$0.hasSuffix(".xml") }) ?? "Tests/SAMLTests/Fixtures"
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
        if arguments.contains("--metadata") {
            // `--metadata NAME.xml` picks another document of Fixtures/metadata.
            let flag = arguments.firstIndex(of: "--metadata").map { $0 + 1 }
            let name = flag.flatMap { $0 < arguments.count && arguments[$0].hasSuffix(".xml") ? arguments[$0] : nil }
            let metadata = load("\(fixtures)/metadata/\(name ?? "azuread-2014-federation.xml")")
            let now = Date(timeIntervalSince1970: 1_400_000_000)
            for _ in 0..<fixedCount { _ = try IdentityProviderMetadata.parse(metadata, now: now) }
            print("parsed metadata \(fixedCount) times")
            exit(0)
        }
        let input = arguments.contains("--base64") ? responseBase64 : response
        for _ in 0..<fixedCount { _ = try validator.validate(input) }
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
    let floor = try LibraryFloor(response: response, certificate: options.trustedCertificates[0])
    report("libraries alone (no checks):", rate { floor.run() })
    report("  of which: one RSA-2048 verification", rate(seconds: 1) { floor.verifyOnce() })
    // One validator shared by a thread per core, as a host's request handlers would share it:
    // throughput of the whole machine (not the one-core figure above).
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let perThread = 4_000
    let start = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: cores) { _ in
        for _ in 0..<perThread { precondition((try? validator.validate(response)) != nil) }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "  validations (XML), %d threads sharing one validator: %9.0f /s wall clock on %d cores",
                 cores, Double(cores * perThread) / seconds, cores))

    let now = Date(timeIntervalSince1970: 1_400_000_000)
    for name in ["azuread-2014-federation.xml", "adfs-ucar-2017.xml"] {
        let path = "\(fixtures)/metadata/\(name)"
        let metadata = load(path)
        let parsed = try IdentityProviderMetadata.parse(metadata, now: now)
        print("metadata: \(name), \(metadata.count) bytes, \(parsed.signingCertificates.count) signing certificate(s)")
        let ours = try rate { _ = try IdentityProviderMetadata.parse(metadata, now: now) }
        report("parses:              ", ours)
        // What a refresh compares, per certificate: fingerprint and validity.
        report("  + summaries of its certificates", try rate {
            for certificate in try IdentityProviderMetadata.parse(metadata, now: now).signingCertificates {
                _ = certificate.summary
            }
        })
        switch PythonSAML.rate(metadataAt: path) {
        case .measured(let theirs, let version):
            report("python3-saml \(version) (OneLogin_Saml2_IdPMetadataParser.parse, same run)", theirs)
            print(String(format: "  ratio: %.1fx python3-saml (best rounds), %.1fx (median rounds); target 3x",
                         ours.best / theirs.best, ours.median / theirs.median))
        case .skipped(let reason):
            print("  python3-saml: skipped (\(reason))")
        }
    }
} catch {
    print("sso-benchmark: \(error)")
    exit(1)
}

SQLiteStoreBenchmark.runBlocking()
LifecycleBenchmark.runBlocking()
PostgreSQLStoreBenchmark.runBlocking()

// The web layer: pages rendered in-process, and ACS sign-ins in-process and over HTTP.
if fixedCount == nil, !arguments.contains("--no-web") { WebBenchmark.run() }
