import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// R44: creations, routed or not, go out per instance at the configured rate, never dropped.
@Suite("Outbox pacing", .serialized)
struct OutboxPacingTests {
    /// `count` pending creations of posts new0, new1, …
    static func queue(_ count: Int, in harness: EngineHarness) async throws {
        try await harness.store.write { transaction in
            try transaction.posts.insert((0..<count).map {
                Post(id: "new\($0)", url: "https://example.test/new\($0)", author: "author \($0)", text: "help", sentiment: .negative, tags: [], source: .twitter, publishedAt: EngineHarness.epoch)
            })
            for index in 0..<count {
                let ids = CreationIDs(contactID: testGUID(0x9c, index), profileID: testGUID(0x9f, index), recordID: testGUID(0x1d, index), activityID: testGUID(0xad, index))
                _ = try transaction.links.insertPending(postID: "new\(index)", instanceID: EngineHarness.instanceID, recordEntity: "incident", ids: ids, actor: .rule("route"), at: EngineHarness.epoch)
            }
        }
    }

    static func created(_ simulator: SimulatorProcess, _ harness: EngineHarness) async throws -> Int {
        (try await simulator.counters(harness.organization)["creates"] as? [String: Int])?["socialactivities"] ?? 0
    }

    /// 30 pending creations and a reconciler on a hand-moved clock whose pacer allows 50
    /// requests a minute: ten creations of five requests each.
    static func thirtyCreationsAtFiftyRequestsAMinute(_ simulator: SimulatorProcess) async throws -> (EngineHarness, ManualClock, InstanceReconciler) {
        let harness = try await EngineHarness.make(simulator, count: 1)
        try await queue(30, in: harness)
        let clock = ManualClock(start: EngineHarness.epoch.addingTimeInterval(3600))
        let reconciler = try await harness.reconciler(
            settings: EngineSettings(confirmations: 2), pacer: CreationPacer(requestsPerMinute: 50, now: clock.now), clock: clock)
        // Creations go out only to an instance its poll found ready.
        #expect(try await reconciler.poll() == .ready(hasErroredLinks: false))
        return (harness, clock, reconciler)
    }

    @Test func r44_creationsGoOutAtTheConfiguredRateAndTheRestWaitsInTheOutbox() async throws {
        try await SimulatorProcess.run { simulator in
            let (harness, clock, reconciler) = try await Self.thirtyCreationsAtFiftyRequestsAMinute(simulator)
            #expect(try await reconciler.flushOutbox() == 10)
            let before = try await simulator.counters(harness.organization)["requests"] as? Int
            #expect(try await reconciler.flushOutbox() == 0, "the minute's requests are spent")
            #expect(try await simulator.counters(harness.organization)["requests"] as? Int == before, "a paced flush sends nothing and waits for nothing")
            clock.advance(60)
            #expect(try await reconciler.flushOutbox() == 10)
            #expect(try await harness.store.read { try $0.outbox.backlog(instanceID: EngineHarness.instanceID) }.items == 10, "the rest waits, none dropped")
            clock.advance(60)
            #expect(try await reconciler.flushOutbox() == 10)
            #expect(try await Self.created(simulator, harness) == 30)
            #expect(try await harness.store.read { try $0.outbox.count() } == 0)
        }
    }

    @Test func r44_a429SlowsTheCreationsDown() async throws {
        try await SimulatorProcess.run { simulator in
            let (harness, clock, reconciler) = try await Self.thirtyCreationsAtFiftyRequestsAMinute(simulator)
            try await simulator.setFault(harness.organization, ["kind": "throttle", "retry_after": 1, "count": 1])
            #expect(try await reconciler.flushOutbox() == 0, "the first request met a 429: the bucket is emptied")
            clock.advance(60)
            let slowed = try await reconciler.flushOutbox()
            #expect(slowed == 5, "half the rate for one window")
            clock.advance(CreationPacing.slowdownSeconds)
            #expect(try await reconciler.flushOutbox() == 10, "the full rate once the window passed")
            #expect(try await harness.store.read { try $0.outbox.count() } == 15)
        }
    }

    @Test func r44_aLargeBacklogDrainsAtTheRateWhileEveryPassStillVerifies() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 4, creationRequestsPerMinute: 50)
            try await Self.queue(40, in: harness)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(0))", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p0") == "broken(record_deleted)", "both passes verified, with the outbox full")
            let created = try await Self.created(simulator, harness)
            #expect(created >= 10 && created < 40, "a minute's worth and what refilled since, not the backlog: \(created)")
            let backlog = try await harness.store.read { try $0.outbox.backlog(instanceID: EngineHarness.instanceID) }
            #expect(backlog.items == 40 - created && backlog.oldestQueuedAt == EngineHarness.epoch, "the rest waits, none dropped")
        }
    }
}
