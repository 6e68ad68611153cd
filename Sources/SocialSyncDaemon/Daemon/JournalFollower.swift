import Foundation
import SocialSyncCore
import SocialSyncStore

/// Reports the link changes made outside the daemon (`instances disable`, `links unlink`,
/// imports, routing) through the same events as its own, so they reach the log and
/// `socialsync_link_transitions_total`: the journal row's `actor` says who. The daemon's own
/// changes (actor `reconciler`) were reported when they committed; a `socialsync reconcile`
/// run beside the daemon reports its own in its process.
public struct JournalFollower: Sendable {
    let store: StoreActor
    let events: any DaemonEventSink

    public init(store: StoreActor, events: any DaemonEventSink) {
        self.store = store
        self.events = events
    }

    /// How soon a change from the command line shows in the log: one look at the end of the
    /// journal's rowid b-tree when nothing changed.
    static let tick = Duration.seconds(1)
    /// Rows read per transaction, so an import of a million links is reported in pages
    /// without holding them all.
    static let pageSize = 5000

    /// Until cancelled. History from before the start is in the journal (`links changes`),
    /// not replayed into the log.
    public func run() async {
        guard var after = try? await store.read({ try $0.journal.highWaterMark() }) else { return }
        while !Task.isCancelled {
            do { try await Task.sleep(for: Self.tick) } catch { return }
            do {
                after = try await reportChanges(after: after)
            } catch {
                events.record(.failure(component: "journal", instance: nil, detail: String(describing: error)))
            }
        }
    }

    /// Reports every row after `after` not written by the daemon; returns the new position.
    public func reportChanges(after start: Int64) async throws -> Int64 {
        var after = start
        while !Task.isCancelled {
            let page = try await store.read { [after] in try $0.journal.changes(after: after, limit: Self.pageSize) }
            for change in page where change.entry.actor != .reconciler {
                events.record(.transition(LinkChange(change)))
            }
            guard let last = page.last else { break }
            after = last.entry.id
        }
        return after
    }
}
