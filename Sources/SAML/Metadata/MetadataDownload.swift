import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET through `URLSession` that does not follow redirects (the fetcher re-checks
/// each hop itself), stops reading past a byte cap, and gives up at a deadline.
///
/// `@unchecked Sendable`: URLSession calls the delegate methods on its own queue while the
/// deadline fires on another; every mutable property (`body`, `failure`, `resumption`,
/// `sawRedirect`) is accessed only under `lock`.
///
/// A transfer that answered with a redirect is never cancelled: FoundationNetworking on Linux
/// hands the delegate's redirect decision back to its own queue later, and stops the process
/// ("Received callback for HTTP redirection, but we're not waiting for it") when the task was
/// cancelled in between. Such a transfer has nothing left to read and ends by itself; the
/// caller is answered at the deadline all the same.
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
    private var sawRedirect = false

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
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
        defer {
            if download.redirected { session.finishTasksAndInvalidate() } else { session.invalidateAndCancel() }
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
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

    /// Whether the response was a redirect (see the type's discussion).
    private var redirected: Bool {
        lock.lock()
        defer { lock.unlock() }
        return sawRedirect
    }

    /// Records the first failure, cancels the transfer (unless it answered with a redirect)
    /// and resumes the waiting caller.
    private func fail(_ error: SAMLError, task: URLSessionTask) {
        lock.lock()
        if failure == nil { failure = error }
        let resumption = self.resumption
        let recorded = failure
        let cancellable = !sawRedirect
        lock.unlock()
        if cancellable { task.cancel() }
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
            fail(tooLarge(), task: dataTask)
            return
        }
        completionHandler(.allow)
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
        lock.lock()
        sawRedirect = true
        lock.unlock()
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
