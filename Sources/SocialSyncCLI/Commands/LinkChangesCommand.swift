import Dispatch
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore

/// `links changes`: the journal as a feed for the social side. Every row once, in order,
/// with a `seq` that only grows, so a consumer resumes with `--since` the last one it saw.
enum LinkChangesCommand {
    static let all = [
        CommandSpec("links changes", options: [
            .value("--since", "SEQ", "start after this sequence number (default 0: from the beginning)"),
            .flag("--follow", "keep printing rows as they are committed, until SIGINT or SIGTERM"),
        ], summary: "Every link creation and state change as JSON Lines, oldest first.", action: changes),
    ]

    /// How often `--follow` looks at the journal's newest row id when nothing is new: one
    /// indexed read of the rowid b-tree's end, so an idle follower costs next to nothing.
    static let followInterval = DispatchTimeInterval.milliseconds(250)

    static func changes(_ invocation: Invocation) throws {
        let since = try sequenceNumber(invocation.value("--since"))
        let store = try invocation.context.openStoreForReading()
        let console = invocation.context.console
        guard invocation.has("--follow") else {
            _ = try printChanges(after: since, store: store, console: console)
            return
        }
        let signals = SignalEvents(watching: [.terminate, .interrupt])
        defer { signals.cancel() }
        let stop = DispatchSemaphore(value: 0)
        Task { [signals] in
            for await _ in signals.signals { break }
            stop.signal()
        }
        var seen = since
        repeat {
            if try store.read({ try $0.journal.highWaterMark() }) > seen {
                seen = try printChanges(after: seen, store: store, console: console)
            }
        } while stop.wait(timeout: .now() + followInterval) == .timedOut
    }

    /// Prints the rows after `seq`; returns the last one printed (or `seq`).
    private static func printChanges(after seq: Int64, store: Store, console: Console) throws -> Int64 {
        var last = seq
        try store.read { transaction in
            try transaction.journal.forEachChange(after: seq) { change in
                console.out(line(change).rendered())
                last = change.entry.id
            }
        }
        return last
    }

    static func line(_ change: JournalChange) -> JSONValue {
        .object([
            ("seq", .integer(Int(change.entry.id))),
            ("post_id", .string(change.postID)),
            ("instance", .string(change.instanceID)),
            ("from", .optional(change.entry.from?.rawValue)),
            ("to", .string(change.entry.to.rawValue)),
            ("reason", .optional(change.entry.reason?.rawValue)),
            ("actor", .string(change.entry.actor.rawValue)),
            ("at", .string(Timestamp.format(change.entry.at))),
        ])
    }

    private static func sequenceNumber(_ text: String?) throws -> Int64 {
        guard let text else { return 0 }
        guard let value = Int64(text), value >= 0 else {
            throw CommandError(.usage, "--since must be a sequence number (an integer of 0 or more), not '\(text)'")
        }
        return value
    }
}
