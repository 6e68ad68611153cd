import struct Foundation.Data

/// The classifier's answer for one exchange.
public enum ExchangeClassification: Sendable, Equatable {
    /// A 2xx answer that is not a front-door page: the body is the caller's to parse, and
    /// one it cannot read becomes `VerdictClassifier.malformed(_:)`.
    case success(status: Int, body: Data)
    /// Anything else, with the verdict it stands for.
    case failure(VerdictEvidence)
}
