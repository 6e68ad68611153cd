import Testing
import SocialSyncCore

/// The second seed table: record status → link (R20-R23), with flap control.
@Suite struct RecordStatusRulesTests {
    typealias F = Fixtures
    let otherRecord = RecordReference(entity: "incident", id: "33333333-3333-3333-3333-333333333333")

    private func settle(_ finding: RecordStatusRules.Finding, on link: Link, confirmations: Int = 2) -> [LinkEffect] {
        var streak: Streak<LinkReason>?
        return (0..<confirmations).map { _ in
            let result = RecordStatusRules.effect(on: link, finding: finding, streak: streak, confirmations: confirmations)
            streak = result.streak
            return result.effect
        }
    }

    @Test func r20_recordDissociatedBreaksLinkAfterConfirmation() {
        let link = F.link(.active)
        for regarding in [nil, otherRecord] {
            let finding = RecordStatusRules.finding(for: link, activity: .exists(regarding: regarding), record: .exists(.unread))
            #expect(finding == .gone(.recordDissociated))
            #expect(settle(finding, on: link) == [.keep, .transition(Transition(to: .broken, reason: .recordDissociated))])
        }
    }

    @Test func r21_recordDeletedBreaksLink() {
        let link = F.link(.active)
        let finding = RecordStatusRules.finding(for: link, activity: .exists(regarding: F.caseRecord), record: .missing)
        #expect(finding == .gone(.recordDeleted))
        #expect(RecordStatusRules.finding(for: link, activity: .missing, record: .missing) == .gone(.recordDeleted))
        #expect(settle(finding, on: link) == [.keep, .transition(Transition(to: .broken, reason: .recordDeleted))])
    }

    @Test func r22_activityDeletedWhileRecordExistsBreaksLink() {
        let link = F.link(.active)
        let finding = RecordStatusRules.finding(for: link, activity: .missing, record: .exists(.unread))
        #expect(finding == .gone(.activityDeleted))
        #expect(settle(finding, on: link) == [.keep, .transition(Transition(to: .broken, reason: .activityDeleted))])
    }

    @Test func r23_unlinkedLinksAreNotVerified() throws {
        let unlinked = F.link(.unlinked, .unlinkedByUser)
        let result = RecordStatusRules.effect(on: unlinked, finding: .gone(.recordDeleted), streak: Streak(answer: .recordDeleted), confirmations: 1)
        #expect(result.effect == .keep)
    }

    @Test func intactLinkStaysActiveAndClearsSuspicion() {
        let link = F.link(.active)
        let finding = RecordStatusRules.finding(for: link, activity: .exists(regarding: F.caseRecord), record: .exists(.unread))
        #expect(finding == .intact)
        let result = RecordStatusRules.effect(on: link, finding: finding, streak: Streak(answer: .recordDeleted), confirmations: 2)
        #expect(result.effect == .keep)
        #expect(result.streak == nil)
    }

    @Test func regardingWithoutTableAnnotationMatchesById() {
        let link = F.link(.active)
        let unannotated = RecordReference(entity: "", id: F.caseRecord.id.uppercased())
        #expect(RecordStatusRules.finding(for: link, activity: .exists(regarding: unannotated), record: .exists(.unread)) == .intact)
    }

    @Test func n1_unknownAnswersNeverBreakAndKeepTheStreak() {
        let link = F.link(.active)
        for (activity, record) in [(ActivityObservation.unknown, RecordObservation.exists(.unread)), (.missing, .unknown), (.unknown, .missing), (.exists(regarding: nil), .unknown)] {
            #expect(RecordStatusRules.finding(for: link, activity: activity, record: record) == .inconclusive)
        }
        let earlier = Streak(answer: LinkReason.recordDeleted)
        let result = RecordStatusRules.effect(on: link, finding: .inconclusive, streak: earlier, confirmations: 2)
        #expect(result.effect == .keep)
        #expect(result.streak == earlier)
    }

    @Test func differentNegativeAnswersRestartTheStreak() {
        let link = F.link(.active)
        let first = RecordStatusRules.effect(on: link, finding: .gone(.recordDeleted), streak: nil, confirmations: 2)
        let second = RecordStatusRules.effect(on: link, finding: .gone(.activityDeleted), streak: first.streak, confirmations: 2)
        #expect(second.effect == .keep)
        #expect(second.streak == Streak(answer: .activityDeleted, count: 1))
    }
}
