import CSAMLShims

/// The process's use of libcrypto (OpenSSL 3).
package enum CryptoLibrary {
    /// Initializes libcrypto without its exit-time clean-up.
    ///
    /// OpenSSL frees its locks in an `atexit` handler; a thread still in libcrypto while the
    /// process exits (the PostgreSQL store's listener opening a connection with SCRAM, a pool
    /// thread in a TLS handshake) then crashes on a freed lock, turning a finished command's
    /// exit status into a crash. Call this before anything else uses libcrypto (the `sso`
    /// tool does at start; the PostgreSQL store does when it is created). It has no effect
    /// once libcrypto was initialized some other way.
    package static func skipCleanupAtExit() {
        _ = sso_crypto_skip_cleanup_at_exit()
    }
}
