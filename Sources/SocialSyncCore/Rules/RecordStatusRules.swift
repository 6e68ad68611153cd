/// The second seed table: how the state of the linked record and social activity in a
/// healthy, enabled instance affects a link (R20-R22; R23 is the user's unlink, R7).
public enum RecordStatusRules {
    /// What one verification concluded about a link.
    public enum Finding: Sendable, Equatable {
        /// The activity exists and is still regarding the linked record, which exists.
        case intact
        /// A definitive negative answer; the link breaks with this reason once confirmed.
        case gone(LinkReason)
        /// Not every answer was definitive: nothing may change (N1).
        case inconclusive
    }

    /// Reads the two observations as the seed table does. A deleted record outranks the
    /// rest (its activity may have been deleted or cleared with it); then a deleted activity
    /// (R22); then an activity whose regarding record is empty or another one (R20).
    public static func finding(for link: Link, activity: ActivityObservation, record: RecordObservation) -> Finding {
        // R21: the record was deleted.
        if record == .missing, activity != .unknown { return .gone(.recordDeleted) }
        switch (activity, record) {
        case (.unknown, _), (_, .unknown):
            return .inconclusive  // N1
        case (.missing, _):
            return .gone(.activityDeleted)  // R22
        case (.exists(let regarding), _):
            return isRegarding(regarding, link.record) ? .intact : .gone(.recordDissociated)  // R20
        }
    }

    /// The decision for a current link given a finding and the streak of earlier negative
    /// findings. Returns the effect and the streak to remember (nil clears it).
    public static func effect(
        on link: Link, finding: Finding, streak: Streak<LinkReason>?, confirmations: Int
    ) -> (effect: LinkEffect, streak: Streak<LinkReason>?) {
        guard link.state == .active || link.state == .errored else { return (.keep, nil) }
        switch finding {
        case .inconclusive:
            return (.keep, streak)
        case .intact:
            // R14: an errored link verified against a healthy instance is active again.
            let effect: LinkEffect = link.state == .errored ? .transition(Transition(to: .active, reason: nil)) : .keep
            return (effect, nil)
        case .gone(let reason):
            let next = Streak.after(streak, answer: reason)
            guard next.isConfirmed(required: confirmations) else { return (.keep, next) }
            return (.transition(Transition(to: .broken, reason: reason)), nil)
        }
    }

    /// A regarding lookup answered without its table annotation still counts when the id
    /// matches: GUIDs are unique across tables in one organization.
    static func isRegarding(_ regarding: RecordReference?, _ record: RecordReference) -> Bool {
        guard let regarding else { return false }
        return regarding.id == record.id && (regarding.entity.isEmpty || regarding.entity == record.entity)
    }
}
