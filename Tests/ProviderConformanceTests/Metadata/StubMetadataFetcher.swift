import Foundation
import SelfServeSSO

/// A metadata fetcher that serves documents from memory and records what was asked for, so
/// metadata-URL modes resolve without a network.
struct StubMetadataFetcher: MetadataFetching {
    /// What the fetcher answers for a URL: a document, or a fetch error.
    enum Answer: Sendable {
        case document(Data)
        case failure(SAMLError)
    }

    /// The URLs fetched, in order.
    actor Log {
        private(set) var urls: [URL] = []
        func record(_ url: URL) { urls.append(url) }
    }

    let answers: [String: Answer]
    let log = Log()

    func fetch(_ url: URL) async throws(SAMLError) -> Data {
        await log.record(url)
        switch answers[url.absoluteString] {
        case .document(let data)?: return data
        case .failure(let error)?: throw error
        case nil: throw SAMLError(.fetchHTTPStatus, "The server answered 404 Not Found for \(url.absoluteString).")
        }
    }

    /// A fixture's bytes from `Fixtures/metadata/`.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/metadata").appendingPathComponent(name))
    }
}
