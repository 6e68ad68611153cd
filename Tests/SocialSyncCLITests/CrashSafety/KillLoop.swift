import Foundation
import Glibc
import SocialSyncCore
import SocialSyncStore
import TestSupport

/// Starts `store-churn` on one store file again and again, kills it with SIGKILL at a
/// random moment while it changes links, and checks the file after every kill the way
/// the next run would find it (N3). Blocking from start to end: run it on a
/// `DedicatedThread`.
struct KillLoop {
    struct Report: Sendable {
        var kills = 0
        var failures: [String] = []
        var journalRowsAtFirstKill = 0
        var journalRows = 0
    }

    let kills: Int
    /// The child's quiet time before the kill, in microseconds.
    var killDelay: ClosedRange<UInt32> = 5_000...150_000
    var posts = 200

    func run() throws -> Report {
        let directory = TemporaryDirectory("socialsync-crash")
        let storePath = directory.path("churn.db")
        var report = Report()
        var watermark = JournalWatermark()
        // Reads while the child writes, as the CLI does beside the daemon (WAL).
        var observer: Store?
        for round in 1...kills {
            let child = try ChildProcess(
                BuiltProducts.path(of: "store-churn"), [storePath, "--seed", String(round), "--posts", String(posts)],
                errorLog: directory.url.appendingPathComponent("churn-\(round).log")
            )
            guard child.readLine(timeoutSeconds: 30) == "ready" else {
                let end = child.end(with: SIGKILL)
                report.failures.append("round \(round): store-churn never said ready (\(end)): \(child.errorOutput)")
                break
            }
            let watcher = try observer ?? Store(path: storePath)
            observer = watcher
            usleep(UInt32.random(in: killDelay))
            try watermark.advance(in: watcher)
            let end = child.end(with: SIGKILL)
            guard end == .signalled(SIGKILL) else {
                report.failures.append("round \(round): store-churn \(end) before the kill: \(child.errorOutput)")
                break
            }
            report.kills += 1
            if round == 1 { report.journalRowsAtFirstKill = watermark.count }
            // Opened afresh, as the next run would find the file.
            let restarted = try Store(path: storePath)
            report.failures += try findings(in: restarted, seen: watermark).map { "after kill \(round): \($0)" }
            try watermark.advance(in: restarted)
            restarted.close()
        }
        observer?.close()
        report.journalRows = watermark.count
        return report
    }

    /// What is wrong with the file: damage, journal disagreements, several current links
    /// per post, pending links without their outbox rows, journal rows lost.
    private func findings(in store: Store, seen watermark: JournalWatermark) throws -> [String] {
        try store.checkConsistency().map(\.description) + watermark.losses(in: store) + pendingWithoutOutbox(store)
    }

    /// A pending link and its outbox row are written together (R8); a crash keeps both or neither.
    private func pendingWithoutOutbox(_ store: Store) throws -> [String] {
        try store.read { transaction in
            var findings: [String] = []
            try transaction.links.forEach(LinkFilter(state: .pending)) { link in
                if try transaction.outbox.get(link.id) == nil { findings.append("pending link \(link.id) has no outbox row") }
            }
            let pending = try transaction.links.counts()[.pending] ?? 0
            let queued = try transaction.outbox.count()
            if queued != pending { findings.append("the outbox holds \(queued) items for \(pending) pending links") }
            return findings
        }
    }
}
