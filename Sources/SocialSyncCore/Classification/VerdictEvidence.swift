/// A verdict together with what led to it, for the caller to act on and to log.
///
/// `detail` is one line built from the status, the Dataverse error code and a short cause;
/// it never contains a token, a secret or a request body.
public struct VerdictEvidence: Sendable, Equatable, CustomStringConvertible {
    public var verdict: Verdict
    /// HTTP status when an answer arrived.
    public var status: Int?
    /// Dataverse (or Entra ID) error code, when the body carried one.
    public var errorCode: String?
    /// Seconds to wait before the next request (a 429's Retry-After); a floor, never shortened.
    public var retryAfterSeconds: Double?
    /// True when the same request will fail again unchanged (a 4xx about the request itself):
    /// a write gives up instead of retrying.
    public var isDefinitiveRefusal: Bool
    public var detail: String

    public init(
        verdict: Verdict, status: Int? = nil, errorCode: String? = nil, retryAfterSeconds: Double? = nil,
        isDefinitiveRefusal: Bool = false, detail: String
    ) {
        self.verdict = verdict
        self.status = status
        self.errorCode = errorCode
        self.retryAfterSeconds = retryAfterSeconds
        self.isDefinitiveRefusal = isDefinitiveRefusal
        self.detail = detail
    }

    public var description: String { "\(verdict.rawValue): \(detail)" }
}
