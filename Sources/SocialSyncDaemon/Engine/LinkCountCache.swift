import SocialSyncCore
import SocialSyncStore
import Synchronization

/// Link counts by state for the `socialsync_links` gauge and `/status`, recounted only when
/// the journal has grown since the last count. The count is a `GROUP BY` over every link
/// (about 0.1 s at a million), and the engine asks after every loop iteration of every
/// instance while an idle estate changes nothing; the journal's high-water mark says so.
public final class LinkCountCache: Sendable {
    private let latest = Mutex<(mark: Int64, counts: [LinkState: Int])?>(nil)

    public init() {}

    /// The counts as of `transaction`'s snapshot.
    public func counts(_ transaction: ReadTransaction) throws -> [LinkState: Int] {
        let mark = try transaction.journal.highWaterMark()
        if let known = latest.withLock({ $0 }), known.mark == mark { return known.counts }
        let counts = try transaction.links.counts()
        latest.withLock { current in
            // Two readers may race; the newer snapshot wins.
            if (current?.mark ?? -1) < mark { current = (mark, counts) }
        }
        return counts
    }
}
