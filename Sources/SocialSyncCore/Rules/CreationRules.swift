/// R8: a link created from a post is `pending` until its instance confirms it.
public enum CreationRules {
    /// What the instance answered to a creation attempt.
    public enum Outcome: Sendable, Equatable {
        /// Every row exists (created now, or already there from an earlier attempt).
        case confirmed
        /// Outage, timeout, 5xx, 429: try again later.
        case retryLater(String)
        /// The instance refused the payload. The link stays pending (N1: only the rules may
        /// end a link) and is retried slowly; the operator sees the error and may unlink.
        case rejected(String)
    }

    public static func effect(on link: Link, outcome: Outcome) -> LinkEffect {
        guard link.state == .pending, outcome == .confirmed else { return .keep }
        return .transition(Transition(to: .active, reason: .created))
    }
}
