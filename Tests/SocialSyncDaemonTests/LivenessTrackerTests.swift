import SocialSyncDaemon
import Testing

/// The liveness answer behind `/livez` and the watchdog.
@Suite struct LivenessTrackerTests {
    let start = ContinuousClock.now

    @Test func aLoopIsAliveWithinItsAllowance() {
        let tracker = LivenessTracker(defaultAllowance: .seconds(90))
        #expect(tracker.isAlive(now: start), "no loop yet: nothing is stuck")
        tracker.heartbeat(loop: "supervisor", now: start)
        tracker.expect(loop: "contoso", within: .seconds(10), now: start)
        #expect(tracker.isAlive(now: start + .seconds(10)))
        #expect(tracker.stalledLoops(now: start + .seconds(11)) == ["contoso"])
        #expect(tracker.stalledLoops(now: start + .seconds(91)) == ["contoso", "supervisor"])
        #expect(!tracker.isAlive(now: start + .seconds(91)))
    }

    @Test func aHeartbeatRevivesAndRetiringForgets() {
        let tracker = LivenessTracker(defaultAllowance: .seconds(5))
        tracker.heartbeat(loop: "contoso", now: start)
        #expect(!tracker.isAlive(now: start + .seconds(6)))
        tracker.heartbeat(loop: "contoso", now: start + .seconds(6))
        #expect(tracker.isAlive(now: start + .seconds(6)))
        tracker.heartbeat(loop: "fabrikam", now: start)
        tracker.retire(loop: "fabrikam")
        #expect(tracker.isAlive(now: start + .seconds(10)))
    }

    @Test func anOwnAllowanceSurvivesHeartbeats() {
        let tracker = LivenessTracker(defaultAllowance: .seconds(5))
        tracker.expect(loop: "verifier", within: .seconds(600), now: start)
        tracker.heartbeat(loop: "verifier", now: start + .seconds(1))
        #expect(tracker.isAlive(now: start + .seconds(300)))
    }
}
