import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// Changes made by the command line reach the daemon's log and transition counter through
/// the journal, with the actor that made them; the daemon's own are not reported twice.
@Suite("Changes made outside the daemon are reported from the journal")
struct JournalFollowerTests {
    @Test func r3_aDisableAndAnUnlinkFromTheCommandLineAreReportedWithTheirActor() async throws {
        let directory = TemporaryDirectory("journal")
        let store = try StoreActor(path: directory.path("store.db"))
        let epoch = Date(timeIntervalSince1970: 1_700_000_000)
        let record = RecordReference(entity: "incident", id: testGUID(0x1c, 1))
        try await store.write { transaction in
            let instance = Instance(
                id: "contoso", name: "Contoso", url: URL(string: "https://contoso.crm.dynamics.com")!, tenantID: "t", clientID: "c",
                clientSecretFile: "/etc/socialsync/contoso.secret", connectedOn: epoch)
            try transaction.instances.insert(instance)
            try transaction.posts.insert(["p1", "p2", "p3"].map {
                Post(id: $0, url: "https://example.test/\($0)", author: "a", text: "t", sentiment: .neutral, tags: [], source: .twitter, publishedAt: epoch)
            })
            let ledger = LinkLedger(transaction, actor: .admin, at: epoch)
            try ledger.insertActive(postID: "p1", instance: instance, activityID: testGUID(0xac, 1), record: record)
            try ledger.insertActive(postID: "p2", instance: instance, activityID: testGUID(0xac, 2), record: record)
            try ledger.insertActive(postID: "p3", instance: instance, activityID: testGUID(0xac, 3), record: record)
        }
        let start = try await store.read { try $0.journal.highWaterMark() }
        try await store.write { transaction in
            let p1 = try #require(try transaction.links.current(ofPost: "p1"))
            try LinkLedger(transaction, actor: .reconciler, at: epoch).apply(Transition(to: .broken, reason: .recordDeleted), to: p1)
            let p2 = try #require(try transaction.links.current(ofPost: "p2"))
            try LinkLedger(transaction, actor: .user, at: epoch).apply(try UserActions.unlink(p2), to: p2)
            var instance = try #require(try transaction.instances.get("contoso"))
            instance.isEnabled = false
            try transaction.instances.update(instance)
            try LinkLedger(transaction, actor: .admin, at: epoch).applyInstanceRules(instanceID: "contoso")
        }
        let events = RecordingSink()
        let end = try await JournalFollower(store: store, events: events).reportChanges(after: start)
        #expect(end == start + 3, "the reconciler's row is passed over, not stopped at")
        #expect(events.all == [
            .transition(LinkChange(instanceID: "contoso", postID: "p2", from: .active, to: .unlinked, reason: .unlinkedByUser, actor: .user)),
            .transition(LinkChange(instanceID: "contoso", postID: "p3", from: .active, to: .errored, reason: .instanceDisabled, actor: .admin)),
        ])
        #expect(try await JournalFollower(store: store, events: events).reportChanges(after: end) == end)
        await store.close()
    }

    /// R3 on a large instance: a disable of hundreds of links is one log line, while the
    /// transition counter still counts every link.
    @Test func r3_aLargeDisableIsOneLogLineAndEveryLinkIsCounted() async throws {
        let directory = TemporaryDirectory("journal-bulk")
        let store = try StoreActor(path: directory.path("store.db"))
        let epoch = Date(timeIntervalSince1970: 1_700_000_000)
        let count = JournalFollowerTests.bulk
        let start = try await store.write { transaction in
            let instance = Instance(
                id: "contoso", name: "Contoso", url: URL(string: "https://contoso.crm.dynamics.com")!, tenantID: "t", clientID: "c",
                clientSecretFile: "/etc/socialsync/contoso.secret", connectedOn: epoch)
            try transaction.instances.insert(instance)
            try transaction.posts.insert((0..<count).map {
                Post(id: "p\($0)", url: "https://example.test/\($0)", author: "a", text: "t", sentiment: .neutral, tags: [], source: .twitter, publishedAt: epoch)
            })
            let ledger = LinkLedger(transaction, actor: .admin, at: epoch)
            for index in 0..<count {
                try ledger.insertActive(
                    postID: "p\(index)", instance: instance, activityID: testGUID(0xac, index), record: RecordReference(entity: "incident", id: testGUID(0x1c, index)))
            }
            return try transaction.journal.highWaterMark()
        }
        try await store.write { transaction in
            var instance = try #require(try transaction.instances.get("contoso"))
            instance.isEnabled = false
            try transaction.instances.update(instance)
            try LinkLedger(transaction, actor: .admin, at: epoch).applyInstanceRules(instanceID: "contoso")
        }
        let events = RecordingSink()
        _ = try await JournalFollower(store: store, events: events).reportChanges(after: start)
        #expect(events.all.count == 1)
        guard case .transitionsSummarized(let changes)? = events.all.first else {
            Issue.record("expected one summary, got \(events.all.count) events")
            return
        }
        #expect(changes.count == count)
        let registry = MetricsRegistry()
        let metrics = MetricsSink(registry: registry)
        for event in events.all { metrics.record(event) }
        #expect(registry.value(SocialSyncMetrics.linkTransitions, labels: ["active", "errored", "instance_disabled", "admin"]) == Double(count))
        let line = try #require(LogLine(events.all[0], at: epoch))
        #expect(LogFormatter.logfmt(line).hasSuffix("event=link.transitions instances=contoso actors=admin changes=\(count) to_errored=\(count)"))
        await store.close()
    }

    static let bulk = 150
}
