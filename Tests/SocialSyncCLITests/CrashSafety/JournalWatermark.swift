import SocialSyncStore

/// How much of the journal a test has seen: how many rows and the newest one. Journal
/// rows are only ever appended, each committed with its link change, so a later look at
/// the same file, even after a crash, must find that newest row unchanged and at least
/// as many rows (N3: a committed change is never lost).
struct JournalWatermark {
    private(set) var count = 0
    private(set) var newest: JournalEntry?

    /// Takes in the rows appended since the last look.
    mutating func advance(in store: Store) throws {
        try store.read { transaction in
            try transaction.journal.forEach(after: newest?.id ?? 0) { entry in
                count += 1
                newest = entry
            }
        }
    }

    /// What the store lost of the rows this watermark saw, as readable findings.
    func losses(in store: Store) throws -> [String] {
        try store.read { transaction in
            var findings: [String] = []
            var rows = 0
            try transaction.journal.forEach { _ in rows += 1 }
            if rows < count { findings.append("the journal has \(rows) rows, \(count) were seen before") }
            if let newest, try !transaction.journal.entries(forLink: newest.linkID).contains(newest) {
                findings.append("journal row \(newest.id) (link \(newest.linkID) → \(newest.to.rawValue)) seen before is gone or changed")
            }
            return findings
        }
    }
}
