import Testing
import SocialSyncCore

/// The first seed table: instance status → link (R10-R15), and N1 for verdicts.
@Suite struct InstanceStatusRulesTests {
    typealias F = Fixtures

    @Test func r10_deletedInstanceRemovesCurrentLinksAndKeepsHistory() {
        #expect(InstanceStatusRules.effect(on: F.link(.active), of: .deleted) == .transition(Transition(to: .removed, reason: .instanceDeleted)))
        #expect(InstanceStatusRules.effect(on: F.link(.errored, .instanceDown), of: .deleted) == .transition(Transition(to: .removed, reason: .instanceDeleted)))
        #expect(InstanceStatusRules.effect(on: F.link(.pending), of: .deleted) == .transition(Transition(to: .removed, reason: .instanceDeleted)))
        for final in [LinkState.broken, .unlinked, .removed] {
            #expect(InstanceStatusRules.effect(on: F.link(final), of: .deleted) == .keep)
        }
        #expect(!F.instance(deleted: true).acceptsNewLinks)
    }

    @Test func r11_downtimeErrorsLinksButRetainsThem() {
        let effect = InstanceStatusRules.effect(on: F.link(.active), of: .polled(.down))
        #expect(effect == .transition(Transition(to: .errored, reason: .instanceDown)))
        #expect(InstanceStatusRules.effect(on: F.link(.errored, .instanceDown), of: .polled(.down)) == .keep)
    }

    @Test func r12_expiredErrorsLinksAndStopsNewLinks() {
        #expect(InstanceStatusRules.effect(on: F.link(.active), of: .polled(.expired)) == .transition(Transition(to: .errored, reason: .instanceExpired)))
        let expired = F.instance(verdict: .expired)
        #expect(!expired.acceptsNewLinks)
        #expect(throws: AdministrationError.instanceNotAcceptingLinks("contoso", why: "its organization has expired")) {
            try InstanceGuards.targetForNewLink(named: "contoso", among: [expired])
        }
    }

    @Test func r13_disabledErrorsLinksWithItsOwnReason() {
        #expect(InstanceStatusRules.effect(on: F.link(.active), of: .disabled) == .transition(Transition(to: .errored, reason: .instanceDisabled)))
        // A link errored for another cause takes the newer cause.
        #expect(InstanceStatusRules.effect(on: F.link(.errored, .instanceDown), of: .disabled) == .transition(Transition(to: .errored, reason: .instanceDisabled)))
        #expect(InstanceCondition(F.instance(enabled: false, verdict: .healthy)) == .disabled)
    }

    @Test func r14_recoveryVerifiesErroredLinksInsteadOfAssumingThem() {
        #expect(InstanceStatusRules.effect(on: F.link(.errored, .instanceDown), of: .polled(.healthy)) == .verify)
        #expect(InstanceStatusRules.effect(on: F.link(.active), of: .polled(.healthy)) == .keep)
        let intact = RecordStatusRules.effect(on: F.link(.errored, .instanceDisabled), finding: .intact, streak: nil, confirmations: 2)
        #expect(intact.effect == .transition(Transition(to: .active, reason: nil)))
    }

    @Test func r15_linksNotCurrentAreUntouchedByInstanceStatus() {
        for condition in [InstanceCondition.disabled, .polled(.down), .polled(.expired), .polled(.unauthorized), .polled(.healthy)] {
            for state in [LinkState.unlinked, .broken, .removed, .pending] {
                #expect(InstanceStatusRules.effect(on: F.link(state), of: condition) == .keep)
            }
        }
    }

    /// The states a poll reads are exactly those `effect` can act on.
    @Test func statesAffectedCoverEveryEffectThatIsNotKeep() {
        let conditions: [InstanceCondition] = [.deleted, .disabled] + Verdict.allCases.map { .polled($0) }
        for condition in conditions {
            for state in LinkState.allCases {
                for reason in [nil] + LinkReason.allCases {
                    let effect = InstanceStatusRules.effect(on: F.link(state, reason), of: condition)
                    if effect != .keep {
                        #expect(InstanceStatusRules.statesAffected(by: condition).contains(state), "\(condition) \(state) \(String(describing: reason))")
                    }
                }
            }
        }
        #expect(InstanceStatusRules.statesAffected(by: .polled(.healthy)) == [.errored])
    }

    @Test func unauthorizedErrorsLinks() {
        #expect(InstanceStatusRules.effect(on: F.link(.active), of: .polled(.unauthorized)) == .transition(Transition(to: .errored, reason: .instanceUnauthorized)))
    }

    @Test func n1_throttledMalformedAndUnknownNeverChangeLinks() {
        for verdict in [Verdict.throttled, .malformed, .unknown] {
            for state in LinkState.allCases {
                #expect(InstanceStatusRules.effect(on: F.link(state, .instanceDown), of: .polled(verdict)) == .keep)
            }
        }
    }
}
