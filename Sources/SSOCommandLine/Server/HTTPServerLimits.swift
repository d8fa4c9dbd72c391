import Foundation

/// The bounds `sso serve`'s HTTP server keeps, so that no client — slow, large or many —
/// can exhaust it.
package struct HTTPServerLimits: Sendable, Equatable {
    /// The most bytes of request line and headers.
    package var maximumHeaderBytes: Int
    /// The most body bytes (a larger `Content-Length` is answered 413 before any body is read).
    package var maximumBodyBytes: Int
    /// Seconds to receive a whole request head, from its first byte.
    package var headerTimeout: TimeInterval
    /// Seconds to receive a whole body, from the end of the head.
    package var bodyTimeout: TimeInterval
    /// Seconds a kept-alive connection may sit idle between requests.
    package var idleTimeout: TimeInterval
    /// Seconds to write a whole response.
    package var writeTimeout: TimeInterval
    /// Seconds a handler may take before the request is answered 503.
    package var handlerTimeout: TimeInterval
    /// The most open connections; beyond it the idlest or slowest reading connection is
    /// closed to make room, so a normal request is served even while slow clients hold the
    /// rest.
    package var maximumConnections: Int
    /// The most requests on one kept-alive connection.
    package var maximumRequestsPerConnection: Int
    /// The most handlers running at once; further requests wait in arrival order, so that
    /// under overload every request waits its turn instead of some waiting very long.
    package var maximumConcurrentHandlers: Int

    /// Creates limits; the defaults suit a server behind a TLS-terminating proxy.
    package init(maximumHeaderBytes: Int = 16 * 1024, maximumBodyBytes: Int = 2_500_000, headerTimeout: TimeInterval = 10,
                 bodyTimeout: TimeInterval = 30, idleTimeout: TimeInterval = 15, writeTimeout: TimeInterval = 30,
                 handlerTimeout: TimeInterval = 60, maximumConnections: Int = 512, maximumRequestsPerConnection: Int = 10_000,
                 maximumConcurrentHandlers: Int = 16) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.handlerTimeout = handlerTimeout
        self.maximumConnections = maximumConnections
        self.maximumRequestsPerConnection = maximumRequestsPerConnection
        self.maximumConcurrentHandlers = max(1, maximumConcurrentHandlers)
    }
}
