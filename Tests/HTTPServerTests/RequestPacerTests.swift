@testable import HTTPServer
import Testing

/// The schedule behind the health endpoint's request rate, on a clock the test drives.
@Suite struct RequestPacerTests {
    static let millisecond: UInt64 = 1_000_000

    @Test func aBurstIsAnsweredAtOnceThenOnePerInterval() {
        var pacer = RequestPacer(ratePerSecond: 100, burst: 3)
        let start = 1_000 * Self.millisecond
        let turns = (0..<6).map { _ in pacer.turn(arrivingAt: start) }
        #expect(turns.map { ($0 - start) / Self.millisecond } == [0, 0, 0, 10, 20, 30])
    }

    @Test func aQuietSpellRefillsTheBurstButNeverMore() {
        var pacer = RequestPacer(ratePerSecond: 10, burst: 2)
        let start = 5_000 * Self.millisecond
        #expect(pacer.turn(arrivingAt: start) == start)
        #expect(pacer.turn(arrivingAt: start) == start)
        #expect(pacer.turn(arrivingAt: start) == start + 100 * Self.millisecond)
        // Ten seconds later the burst is back, and only the burst.
        let later = start + 10_000 * Self.millisecond
        #expect(pacer.turn(arrivingAt: later) == later)
        #expect(pacer.turn(arrivingAt: later) == later)
        #expect(pacer.turn(arrivingAt: later) == later + 100 * Self.millisecond)
    }

    @Test func requestsAtTheRateNeverWait() {
        var pacer = RequestPacer(ratePerSecond: 50, burst: 1)
        var now = 7 * Self.millisecond
        for _ in 0..<100 {
            #expect(pacer.turn(arrivingAt: now) == now)
            now += 20 * Self.millisecond
        }
    }
}
