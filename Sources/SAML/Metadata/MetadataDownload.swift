import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET through `URLSession` that does not follow redirects (the fetcher re-checks
/// each hop itself), stops reading past a byte cap, and gives up at a deadline.
///
/// `@unchecked Sendable`: URLSession calls the delegate methods on its own queue while the
/// deadline fires on another; every mutable property (`body`, `failure`, `resumption`,
/// `closed`) is accessed only under `lock`.
///
/// Completion handlers and cancellation are ordered under `lock` too. FoundationNetworking
/// hands both to the task's serial work queue, and it stops the process with a `fatalError`
/// ("Received callback for HTTP redirection, but we're not waiting for it") when a delegate's
/// completion handler arrives after the task was cancelled. So once the download is closed
/// (failed, timed out, or finished and its session about to be invalidated) no completion
/// handler is called any more, and a handler called before that is queued ahead of the
/// cancellation.
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
    private var closed = false

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
        // The deadline below cancels the task; URLSession's own time-outs come later, so that
        // every cancellation goes through `fail`, ordered with the delegate's handlers.
        configuration.timeoutIntervalForRequest = timeout + 30
        configuration.timeoutIntervalForResource = timeout + 30
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
        defer { download.close { session.invalidateAndCancel() } }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout + 30)
        request.setValue("application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
                         forHTTPHeaderField: "Accept")
        request.setValue("SelfServeSSO-metadata-fetcher", forHTTPHeaderField: "User-Agent")
        let task = session.dataTask(with: request)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                download.start(task, SingleResumption(continuation))
            }
        } onCancel: {
            download.fail(SAMLError(.fetchFailed, "Fetching the metadata was cancelled."), task: task)
        }
    }

    private func start(_ task: URLSessionDataTask, _ resumption: SingleResumption<Outcome>) {
        lock.lock()
        self.resumption = resumption
        let alreadyFailed = failure
        lock.unlock()
        if let alreadyFailed {
            resumption.resume(.failure(alreadyFailed))
            return
        }
        let seconds = timeout
        let timeoutError = SAMLError(.fetchTimeout,
            "The metadata URL did not answer within \(Self.formatSeconds(limit)). Check that the IdP is reachable from this server, or download the metadata and upload the file instead.")
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self] in
            self?.fail(timeoutError, task: task)
        }
        task.resume()
    }

    /// Records the first failure, cancels the transfer and resumes the waiting caller.
    private func fail(_ error: SAMLError, task: URLSessionTask) {
        lock.lock()
        if failure == nil { failure = error }
        let resumption = self.resumption
        let recorded = failure
        closed = true
        task.cancel()
        lock.unlock()
        if let recorded { resumption?.resume(.failure(recorded)) }
    }

    /// Closes the download, then runs `cancellation` (the session's invalidation) while no
    /// completion handler can be called.
    private func close(_ cancellation: () -> Void) {
        lock.withLock {
            closed = true
            cancellation()
        }
    }

    /// Calls a delegate completion handler unless the download is closed.
    private func complete(_ handler: () -> Void) {
        lock.withLock {
            if !closed { handler() }
        }
    }

    private func tooLarge() -> SAMLError {
        SAMLError(.fetchTooLarge,
            "The metadata URL returned more than \(maximumBytes) bytes, the limit for a metadata document. Check that the URL points at one IdP's metadata, not a federation-wide aggregate.")
    }

    // MARK: - URLSessionDataDelegate

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        if response.expectedContentLength > Int64(maximumBytes) {
            complete { completionHandler(.cancel) }
            fail(tooLarge(), task: dataTask)
            return
        }
        complete { completionHandler(.allow) }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        let fits = failure == nil && body.count + data.count <= maximumBytes
        if fits { body.append(data) }
        lock.unlock()
        if !fits { fail(tooLarge(), task: dataTask) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        // Never follow: the fetcher checks the next hop's scheme and addresses first.
        complete { completionHandler(nil) }
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
