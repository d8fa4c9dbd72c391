import Foundation
import SelfServeSSO

/// Serves fixed bytes for any URL, or fails with a fixed error: no network in tests.
struct FixedMetadataFetcher: MetadataFetching {
    let result: Result<Data, SAMLError>

    func fetch(_ url: URL) async throws(SAMLError) -> Data { try result.get() }
}
