import Testing
import SocialSyncCore

/// Re-association of a deleted instance (R30, R31).
@Suite struct ReassociationTests {
    typealias F = Fixtures
    let removed = F.link(.removed, .instanceDeleted, id: 7)

    @Test func r30_removedLinkIsRestoredWhenItsActivityStillExists() {
        #expect(Reassociation.isCandidate(removed, newestLinkIDOfPost: 7))
        let result = Reassociation.restoration(of: removed, postLinkedSince: false, activity: .exists(regarding: F.caseRecord), streak: nil, confirmations: 2)
        #expect(result.effect == .transition(Transition(to: .active, reason: .restored)))
        #expect(result.settled)
    }

    @Test func r30_removedLinkStaysRemovedWhenItsActivityIsGoneConfirmed() {
        let first = Reassociation.restoration(of: removed, postLinkedSince: false, activity: .missing, streak: nil, confirmations: 2)
        #expect(first.effect == .keep)
        #expect(!first.settled)
        let second = Reassociation.restoration(of: removed, postLinkedSince: false, activity: .missing, streak: first.streak, confirmations: 2)
        #expect(second.effect == .transition(Transition(to: .removed, reason: .activityDeleted)))
        #expect(second.settled)
    }

    @Test func r30_unknownAnswerWaits() {
        let result = Reassociation.restoration(of: removed, postLinkedSince: false, activity: .unknown, streak: nil, confirmations: 2)
        #expect(result.effect == .keep)
        #expect(!result.settled)
    }

    @Test func r31_postRelinkedElsewhereIsNeitherSearchedNorChanged() {
        #expect(!Reassociation.isCandidate(removed, newestLinkIDOfPost: 9))
        let result = Reassociation.restoration(of: removed, postLinkedSince: true, activity: .exists(regarding: F.caseRecord), streak: nil, confirmations: 2)
        #expect(result.effect == .keep)
        #expect(result.settled)
    }

    @Test func linksRemovedForOtherReasonsAreNotCandidates() {
        #expect(!Reassociation.isCandidate(F.link(.removed, .activityDeleted, id: 7), newestLinkIDOfPost: 7))
        #expect(!Reassociation.isCandidate(F.link(.unlinked, .unlinkedByUser, id: 7), newestLinkIDOfPost: 7))
    }
}
