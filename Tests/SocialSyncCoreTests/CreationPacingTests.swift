import Foundation
import SocialSyncCore
import Testing

@Suite("R44: creations paced per instance")
struct CreationPacingTests {
    static let start = Fixtures.epoch

    static func admitted(_ pacing: inout CreationPacing, at time: Date) -> Int {
        var count = 0
        while pacing.admit(at: time) { count += 1 }
        return count
    }

    @Test func r44_aFullBucketAdmitsOneMinutesWorthThenRefillsAtTheRate() {
        var pacing = CreationPacing(requestsPerMinute: 300, now: Self.start)
        var admitted = Self.admitted(&pacing, at: Self.start)
        #expect(admitted == 60)
        admitted = Self.admitted(&pacing, at: Self.start.addingTimeInterval(1))
        #expect(admitted == 1, "5 requests refill in one second")
        admitted = Self.admitted(&pacing, at: Self.start.addingTimeInterval(31))
        #expect(admitted == 30)
        admitted = Self.admitted(&pacing, at: Self.start.addingTimeInterval(3600))
        #expect(admitted == 60, "never more than a minute's worth at once")
    }

    @Test func r44_everyCreationCountsAllTheRequestsItMayNeed() {
        var pacing = CreationPacing(requestsPerMinute: 9, now: Self.start)
        var admitted = pacing.admit(at: Self.start)
        #expect(admitted)
        admitted = pacing.admit(at: Self.start)
        #expect(!admitted, "4 requests left are not enough for a lookup and four creates")
    }

    @Test func r44_a429EmptiesTheBucketAndHalvesTheRateForOneWindow() {
        var pacing = CreationPacing(requestsPerMinute: 300, now: Self.start)
        var admitted = Self.admitted(&pacing, at: Self.start)
        #expect(admitted == 60)
        pacing.throttled(at: Self.start)
        #expect(pacing.rate(at: Self.start.addingTimeInterval(10)) == 150)
        admitted = Self.admitted(&pacing, at: Self.start.addingTimeInterval(60))
        #expect(admitted == 30, "half the rate after a 429")
        let afterWindow = Self.start.addingTimeInterval(CreationPacing.slowdownSeconds + 60)
        #expect(pacing.rate(at: afterWindow) == 300)
        _ = Self.admitted(&pacing, at: Self.start.addingTimeInterval(CreationPacing.slowdownSeconds))
        admitted = Self.admitted(&pacing, at: afterWindow)
        #expect(admitted == 60, "the full rate again once the window passed")
    }

    @Test func r44_aClockThatGoesBackNeverAddsRequests() {
        var pacing = CreationPacing(requestsPerMinute: 300, now: Self.start)
        _ = Self.admitted(&pacing, at: Self.start)
        let admitted = Self.admitted(&pacing, at: Self.start.addingTimeInterval(-600))
        #expect(admitted == 0)
    }

    @Test func r44_aZeroRateAdmitsNothingButDropsNothing() {
        var pacing = CreationPacing(requestsPerMinute: 0, now: Self.start)
        let admitted = Self.admitted(&pacing, at: Self.start.addingTimeInterval(3600))
        #expect(admitted == 0)
    }
}
