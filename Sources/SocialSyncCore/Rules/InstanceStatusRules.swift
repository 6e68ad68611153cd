/// The first seed table: how the status of an instance affects the links to it (R10-R15).
///
/// Pending links belong to the outbox (it retries while the instance is unavailable),
/// and final links (broken, unlinked, removed) are history: only deletion reaches them.
public enum InstanceStatusRules {
    public static func effect(on link: Link, of condition: InstanceCondition) -> LinkEffect {
        switch condition {
        case .deleted:
            return deletionEffect(on: link)
        case .disabled:
            return erroredEffect(on: link, reason: .instanceDisabled)
        case .polled(let verdict):
            if let reason = verdict.erroredReason {
                return erroredEffect(on: link, reason: reason)
            }
            // R14: once the cause ends the errored links are verified, never assumed
            // active. N1: throttled, malformed and unknown leave every link as it is.
            return verdict == .healthy && link.state == .errored ? .verify : .keep
        }
    }

    /// The link states `effect` can act on under a condition, so a poll of a healthy
    /// instance reads only its errored links instead of all of them (an idle daemon stays
    /// idle at a million links). Every other state is `.keep` by `effect` itself.
    public static func statesAffected(by condition: InstanceCondition) -> [LinkState] {
        switch condition {
        case .deleted: [.pending, .active, .errored]
        case .disabled: [.active, .errored]
        case .polled(let verdict): verdict.erroredReason != nil ? [.active, .errored] : [.errored]
        }
    }

    /// R5/R10: every current link is removed, and a pending creation is cancelled.
    static func deletionEffect(on link: Link) -> LinkEffect {
        link.state.isCurrent ? .transition(Transition(to: .removed, reason: .instanceDeleted)) : .keep
    }

    /// R11-R13: the link is retained but errored, with the cause as its reason.
    static func erroredEffect(on link: Link, reason: LinkReason) -> LinkEffect {
        switch link.state {
        case .active, .errored:
            return link.state == .errored && link.reason == reason ? .keep : .transition(Transition(to: .errored, reason: reason))
        case .pending, .broken, .unlinked, .removed, .failed:
            return .keep
        }
    }
}
