import Foundation
import SocialSyncCore
import SocialSyncStore

/// Reports the link changes made outside the daemon (`instances disable`, `links unlink`,
/// imports, routing) through the same events as its own, so they reach the log and
/// `socialsync_link_transitions_total`: the journal row's `actor` says who. The daemon's own
/// changes (actor `reconciler`) were reported when they committed; a `socialsync reconcile`
/// run beside the daemon reports its own in its process, and changes made while no daemon
/// ran are in the journal (`links changes`) but not in the log.
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
    /// Above this many changes in a page, the log gets one summary line instead of a line
    /// per link (a disable of a million links is one line; the counter still counts each).
    static let linesPerPage = 100

    /// Until cancelled. History from before the start is in the journal, not replayed into
    /// the log. A failure is logged when its cause starts or changes, not every tick.
    public func run() async {
        var position: Int64?
        var lastFailure: String?
        while !Task.isCancelled {
            do {
                if let after = position {
                    position = try await reportChanges(after: after)
                } else {
                    position = try await store.read { try $0.journal.highWaterMark() }
                }
                lastFailure = nil
            } catch {
                let cause = String(describing: error)
                if cause != lastFailure { events.record(.failure(component: "journal", instance: nil, detail: cause)) }
                lastFailure = cause
            }
            do { try await Task.sleep(for: Self.tick) } catch { return }
        }
    }

    /// Reports every row after `after` not written by the daemon; returns the new position.
    public func reportChanges(after start: Int64) async throws -> Int64 {
        var after = start
        while !Task.isCancelled {
            let page = try await store.read { [after] in try $0.journal.changes(after: after, limit: Self.pageSize) }
            let changes = page.filter { $0.entry.actor != .reconciler }.map(LinkChange.init)
            if changes.count > Self.linesPerPage {
                events.record(.transitionsSummarized(changes))
            } else {
                for change in changes { events.record(.transition(change)) }
            }
            guard let last = page.last else { break }
            after = last.entry.id
        }
        return after
    }
}
