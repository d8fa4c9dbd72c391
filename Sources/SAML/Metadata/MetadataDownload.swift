import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET through `URLSession` that does not follow redirects (the fetcher re-checks
/// each hop itself), stops reading past a byte cap, and gives up at a deadline.
///
/// `@unchecked Sendable`: URLSession calls the delegate methods on its own queue while the
/// deadline fires on another; every mutable property (`body`, `failure`, `resumption`) is
/// accessed only under `lock`.
///
/// At the deadline (or when the caller's task is cancelled) the caller is answered at once,
/// but the transfer is not cancelled: FoundationNetworking on Linux asks the delegate about a
/// redirect on its delegate queue and takes the answer back on its own queue later, and it
/// stops the process ("Received callback for HTTP redirection, but we're not waiting for it")
/// when the task was cancelled in between, which nothing outside it can rule out. The
/// transfer ends by itself instead: URLSession's own timeouts are the fetch's whole time
/// limit. Only a body over the byte cap is cancelled, while it is being read (no redirect is
/// pending then).
final class MetadataDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// What one request produced.
    enum Outcome: Sendable {
        case response(HTTPURLResponse, Data)
        case failure(SAMLError)
    }

    private let url: URL
    private let maximumBytes: Int
    private let timeout: TimeInterval
    private let limit: TimeInterval
    private let lock = NSLock()
    private var body = Data()
    private var failure: SAMLError?
    private var resumption: SingleResumption<Outcome>?

    private init(url: URL, maximumBytes: Int, timeout: TimeInterval, limit: TimeInterval) {
        self.url = url
        self.maximumBytes = maximumBytes
        self.timeout = timeout
        self.limit = limit
    }

    /// Performs a GET of `url`.
    /// - Parameters:
    ///   - url: The URL, already checked by `MetadataURLPolicy`.
    ///   - maximumBytes: The largest body accepted.
    ///   - timeout: Seconds until the request is abandoned.
    ///   - limit: The whole fetch's time limit, for the error message.
    /// - Returns: The response with its body (a 3xx response is returned, not followed), or a failure.
    static func run(_ url: URL, maximumBytes: Int, timeout: TimeInterval, limit: TimeInterval) async -> Outcome {
        let download = MetadataDownload(url: url, maximumBytes: maximumBytes, timeout: timeout, limit: limit)
        let configuration = URLSessionConfiguration.ephemeral
        // The whole fetch's limit, not what is left of it: the deadline below answers the
        // caller, and URLSession's own timer must not end a transfer mid-redirect (see above).
        configuration.timeoutIntervalForRequest = limit
        configuration.timeoutIntervalForResource = limit
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
        // Lets the transfer end by itself (see above), then releases the session and delegate.
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: limit)
        request.setValue("application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
                         forHTTPHeaderField: "Accept")
        request.setValue("SelfServeSSO-metadata-fetcher", forHTTPHeaderField: "User-Agent")
        let task = session.dataTask(with: request)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                download.start(task, SingleResumption(continuation))
            }
        } onCancel: {
            download.fail(SAMLError(.fetchFailed, "Fetching the metadata was cancelled."), task: task, cancelling: false)
        }
    }

    private func start(_ task: URLSessionDataTask, _ resumption: SingleResumption<Outcome>) {
        lock.lock()
        self.resumption = resumption
        let alreadyFailed = failure
        lock.unlock()
        if let alreadyFailed {
            // Never started, so no redirect can be pending: cancelling ends it for the session.
            task.cancel()
            resumption.resume(.failure(alreadyFailed))
            return
        }
        let seconds = timeout
        let timeoutError = SAMLError(.fetchTimeout,
            "The metadata URL did not answer within \(Self.formatSeconds(limit)). Check that the IdP is reachable from this server, or download the metadata and upload the file instead.")
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self] in
            self?.fail(timeoutError, task: task, cancelling: false)
        }
        task.resume()
    }

    /// Records the first failure, cancels the transfer when asked (see the type's discussion)
    /// and resumes the waiting caller.
    private func fail(_ error: SAMLError, task: URLSessionTask, cancelling: Bool) {
        lock.lock()
        if failure == nil { failure = error }
        let resumption = self.resumption
        let recorded = failure
        lock.unlock()
        if cancelling { task.cancel() }
        if let recorded { resumption?.resume(.failure(recorded)) }
    }

    private func tooLarge() -> SAMLError {
        SAMLError(.fetchTooLarge,
            "The metadata URL returned more than \(maximumBytes) bytes, the limit for a metadata document. Check that the URL points at one IdP's metadata, not a federation-wide aggregate.")
    }

    // MARK: - URLSessionDataDelegate

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        if response.expectedContentLength > Int64(maximumBytes) {
            completionHandler(.cancel)
            fail(tooLarge(), task: dataTask, cancelling: false)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        let fits = failure == nil && body.count + data.count <= maximumBytes
        if fits { body.append(data) }
        lock.unlock()
        if !fits { fail(tooLarge(), task: dataTask, cancelling: true) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        // Never follow: the fetcher checks the next hop's scheme and addresses first.
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.lock()
        let recorded = failure
        let resumption = self.resumption
        let data = body
        lock.unlock()
        if let recorded {
            resumption?.resume(.failure(recorded))
        } else if let error {
            resumption?.resume(.failure(describe(error)))
        } else if let http = task.response as? HTTPURLResponse {
            resumption?.resume(.response(http, data))
        } else {
            resumption?.resume(.failure(SAMLError(.fetchFailed,
                "The metadata URL \(url.absoluteString) gave no HTTP response. Check the URL.")))
        }
    }

    // MARK: - Errors

    private func describe(_ error: any Error) -> SAMLError {
        let host = url.host ?? url.absoluteString
        guard let urlError = error as? URLError else {
            return SAMLError(.fetchFailed, "Fetching the metadata from \(host) failed: \(error.localizedDescription). Check the URL, or upload the metadata file instead.")
        }
        // FoundationNetworking on Linux reports most libcurl TLS failures as code -1
        // (unknown) with curl's own words, so those words are checked too.
        let words = urlError.localizedDescription.lowercased()
        let isTLSFailure = words.contains("ssl") || words.contains("certificate") || words.contains("tls")
        switch urlError.code {
        case _ where isTLSFailure && urlError.code != .timedOut:
            return SAMLError(.fetchFailed, "The TLS connection to \(host) failed (\(urlError.localizedDescription)): its certificate is not trusted by this server. Use the IdP's public https metadata URL, or upload the metadata file instead.")
        case .timedOut:
            return SAMLError(.fetchTimeout, "The metadata URL on \(host) did not answer within \(Self.formatSeconds(limit)). Check that the IdP is reachable from this server, or upload the metadata file instead.")
        case .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateHasUnknownRoot,
             .serverCertificateNotYetValid, .secureConnectionFailed, .clientCertificateRejected:
            return SAMLError(.fetchFailed, "The TLS connection to \(host) failed (\(urlError.localizedDescription)): its certificate is not trusted by this server. Use the IdP's public https metadata URL, or upload the metadata file instead.")
        case .cannotFindHost, .dnsLookupFailed:
            return SAMLError(.fetchDNSFailed, "The host \(host) could not be resolved. Check the metadata URL for typos.")
        default:
            return SAMLError(.fetchFailed, "Fetching the metadata from \(host) failed (\(urlError.localizedDescription)). Check the URL and that the IdP is reachable from this server, or upload the metadata file instead.")
        }
    }

    static func formatSeconds(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) seconds" : "\(seconds) seconds"
    }
}
