import Foundation
@testable import SSOWeb
import Testing

@Suite("Form bodies: URL-encoded and multipart, bounded")
struct FormParsingTests {
    private func multipart(_ body: String, boundary: String = "B0undary") throws(FormError) -> FormData {
        try MultipartForm.parse(Data(body.utf8), contentType: "multipart/form-data; boundary=\(boundary)", maximumParts: 10)
    }

    @Test("URL-encoded: + as space, percent escapes as UTF-8, malformed escapes kept, empty pairs skipped")
    func urlEncoded() {
        let pairs = URLEncodedForm.pairs("a=1+2&b=%C3%A9t%C3%A9&&c=%ZZ&d&e=%")
        #expect(pairs.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(pairs.map(\.value) == ["1 2", "été", "%ZZ", "", "%"])
        #expect(URLEncodedForm.encode("a b/é") == "a%20b%2F%C3%A9")
    }

    @Test("Multipart: fields and files, quoted names, an empty file input skipped, a preamble ignored")
    func wellFormed() throws {
        let body = "preamble\r\n--B0undary\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nmanual\r\n"
            + "--B0undary\r\ncontent-disposition: form-data; name=\"manual.sso_url\"\r\n\r\nhttps://x/\r\nsecond line\r\n"
            + "--B0undary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a \\\"b\\\".xml\"\r\nContent-Type: text/xml\r\n\r\n<x/>\r\n"
            + "--B0undary\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
            + "--B0undary--\r\nepilogue"
        let form = try multipart(body)
        #expect(form.value("mode") == "manual")
        #expect(form.value("manual.sso_url") == "https://x/\r\nsecond line")
        #expect(form.files.count == 1)
        #expect(form.files[0].fileName == "a \"b\".xml")
        #expect(form.files[0].contentType == "text/xml")
        #expect(form.files[0].content == Data("<x/>".utf8))
    }

    @Test("Binary file content with CR, LF and dashes inside survives")
    func binary() throws {
        var body = Data("--B0undary\r\nContent-Disposition: form-data; name=\"c\"; filename=\"c.der\"\r\n\r\n".utf8)
        let content = Data([0x30, 0x82, 0x0D, 0x0A, 0x2D, 0x2D, 0x42, 0x30, 0x00, 0xFF, 0x0D, 0x0A])
        body.append(content)
        body.append(Data("\r\n--B0undary--\r\n".utf8))
        let form = try MultipartForm.parse(body, contentType: "multipart/form-data; boundary=\"B0undary\"", maximumParts: 10)
        #expect(form.files.first?.content == content)
    }

    @Test("Malformed multipart bodies are refused with a reason", arguments: [
        "",
        "no boundary here",
        "--B0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end",
        "--B0undary\r\nContent-Disposition: form-data; name=\"a\"\r\nno blank line then --B0undary--",
        "--B0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--B0undary--",
        "--B0undary\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--B0undary--",
        "--B0undary\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B0undary--",
        "--B0undaryX\r\n",
        "--B0undary\r\nbad header line\r\n\r\nx\r\n--B0undary--",
    ])
    func malformed(body: String) {
        #expect(throws: FormError.self) { try multipart(body) }
    }

    @Test("A field that is not UTF-8 is refused")
    func notUTF8() {
        var body = Data("--B0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".utf8)
        body.append(Data([0xC3, 0x28]))
        body.append(Data("\r\n--B0undary--\r\n".utf8))
        #expect(throws: FormError.self) {
            try MultipartForm.parse(body, contentType: "multipart/form-data; boundary=B0undary", maximumParts: 10)
        }
    }

    @Test("Boundaries must be 1 to 70 permitted characters", arguments: [
        ("multipart/form-data; boundary=abc", "abc"), ("multipart/form-data; boundary=\"a b\"", "a b"),
        ("multipart/form-data; charset=utf-8; BOUNDARY=x-y", "x-y"),
    ])
    func boundaries(contentType: String, expected: String) {
        #expect(MultipartForm.boundary(in: contentType) == expected)
    }

    @Test("Bad boundaries are not accepted", arguments: [
        "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=a<b",
        "multipart/form-data; boundary=\(String(repeating: "x", count: 71))", "multipart/form-data; boundary=\"ends \"",
    ])
    func badBoundaries(contentType: String) {
        #expect(MultipartForm.boundary(in: contentType) == nil)
    }

    @Test("Too many parts, or part headers over 8 KiB, are refused")
    func bounds() {
        let part = "--B0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"
        #expect(throws: FormError.tooManyFields(10)) { try multipart(String(repeating: part, count: 11) + "--B0undary--") }
        let long = "--B0undary\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Long: \(String(repeating: "y", count: 9000))\r\n\r\nx\r\n--B0undary--"
        #expect(throws: FormError.self) { try multipart(long) }
    }

    @Test("A body of repeated near-boundaries is scanned in one pass (a few megabytes stay fast and bounded)")
    func adversarial() {
        let noise = String(repeating: "\r\n--B0undar", count: 200_000)
        let body = "--B0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\(noise)\r\n--B0undary--"
        let form = try? multipart(body)
        #expect(form?.value("a")?.utf8.count == noise.utf8.count)
    }
}
