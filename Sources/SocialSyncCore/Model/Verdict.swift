/// The health verdict of one instance, from polling (behaviour.md, "Instance health verdicts").
public enum Verdict: String, Sendable, CaseIterable, Codable {
    case unknown, healthy, down, expired, unauthorized, throttled, malformed

    /// The reason an unavailable instance gives its links, or nil when the verdict
    /// must not change link states (N1: throttled, malformed and unknown never do).
    public var erroredReason: LinkReason? {
        switch self {
        case .down: .instanceDown
        case .expired: .instanceExpired
        case .unauthorized: .instanceUnauthorized
        case .healthy, .throttled, .malformed, .unknown: nil
        }
    }
}
