/// What one batched check learned about a social activity in a healthy instance.
///
/// `unknown` covers every answer that is not definitive (a failed page, a throttled
/// request, a body that could not be read): by N1 it never changes a link.
public enum ActivityObservation: Sendable, Equatable {
    /// The activity exists; `regarding` is its regarding record, nil when empty.
    case exists(regarding: RecordReference?)
    /// The instance answered that no such activity exists.
    case missing
    case unknown
}

/// What one batched check learned about a linked record in a healthy instance.
public enum RecordObservation: Sendable, Equatable {
    /// The record exists, with the details the same read returned (R16).
    case exists(RecordDetails)
    /// Not read: its activity still regards it through a relationship whose Delete cascades,
    /// so it cannot have been deleted (`RegardingCascade`). It has no fresh details (R16).
    case impliedByCascade
    case missing
    case unknown
}

/// The outcome of polling one instance's health.
public struct InstanceProbe: Sendable, Equatable {
    public var verdict: Verdict
    /// From WhoAmI, when the instance answered it.
    public var organizationID: String?
    /// Organization language code (LCID, e.g. "1033"), when known.
    public var language: String?
    /// Seconds to wait before the next request, from a 429's Retry-After.
    public var retryAfterSeconds: Double?
    /// One line for logs: status code, Dataverse error code, failing phase. Never a secret.
    public var detail: String

    public init(verdict: Verdict, organizationID: String? = nil, language: String? = nil, retryAfterSeconds: Double? = nil, detail: String = "") {
        self.verdict = verdict
        self.organizationID = organizationID
        self.language = language
        self.retryAfterSeconds = retryAfterSeconds
        self.detail = detail
    }
}
