/// Why an exchange produced no HTTP answer, in words the classifier understands.
///
/// Lives in the core so the pure classifier needs no I/O module; the transport
/// adapter reports its failures with these kinds.
public enum TransportFailureKind: String, Sendable, Equatable, CaseIterable {
    /// The peer refused or dropped the connection attempt.
    case connectRefused
    /// The host name (or the proxy's) did not resolve.
    case dns
    /// The TLS handshake or the certificate check failed.
    case tls
    /// The connect or total timeout elapsed.
    case timeout
    /// The connection was reset, or closed before a complete answer (partial body, no answer at all).
    case reset
    /// The answer was larger than the transport accepts; the transfer was aborted.
    case responseTooLarge
    /// The URL was refused by policy before any request (plain http to a non-loopback host).
    case refusedByPolicy
    /// Anything else curl reports.
    case other
}
