/// R8 and R8a: a link created from a post is `pending` until its instance confirms it, and
/// `failed` when the instance refuses the creation for good.
public enum CreationRules {
    /// What the instance answered to a creation attempt.
    public enum Outcome: Sendable, Equatable {
        /// Every row exists (created now, or confirmed by reading it after a 412).
        case confirmed
        /// Outage, timeout, 5xx, 429, refused credentials, an undecided 412: try again
        /// later. A transient failure never ends a creation (N1).
        case retryLater(String)
        /// The instance refused a step definitively (a 4xx about the request, or a 412
        /// whose row does not exist): the creation ends (R8a), keeping the instance's message.
        case rejected(String)
    }

    public static func effect(on link: Link, outcome: Outcome) -> LinkEffect {
        guard link.state == .pending else { return .keep }
        switch outcome {
        case .confirmed: return .transition(Transition(to: .active, reason: .created))
        case .rejected: return .transition(Transition(to: .failed, reason: .creationRejected))
        case .retryLater: return .keep
        }
    }
}
