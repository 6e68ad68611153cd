import struct Foundation.Data

/// What the classifier needs to know about one HTTP exchange, filled by the client from
/// its transport result. A small value so classification stays pure and testable.
public enum ExchangeSummary: Sendable, Equatable {
    /// No HTTP answer was obtained.
    case failed(TransportFailureKind, detail: String)
    /// An HTTP answer arrived. `retryAfter` and `contentType` are the raw header values.
    case answered(status: Int, retryAfter: String?, contentType: String?, body: Data)
}
