import SocialSyncCore

/// A check's or the whole service's status in the IETF health-check draft. Ordered by
/// severity, so the overall status is the worst of its parts.
public enum HealthStatus: String, Sendable, Comparable, CaseIterable {
    case pass, warn, fail

    public static func < (lhs: HealthStatus, rhs: HealthStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The draft answers 2xx for pass and warn, and a 5xx for fail.
    public var httpStatus: Int { self == .fail ? 503 : 200 }

    /// An instance's verdict as a check status: healthy passes; the verdicts that leave
    /// links alone (N1: throttled, malformed, unknown) warn; the ones that make links
    /// errored fail.
    public init(_ verdict: Verdict) {
        switch verdict {
        case .healthy: self = .pass
        case .throttled, .malformed, .unknown: self = .warn
        case .down, .expired, .unauthorized: self = .fail
        }
    }
}
