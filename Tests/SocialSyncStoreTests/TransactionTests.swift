import Foundation
import Testing
@testable import SocialSyncStore

@Suite("Transactions")
struct TransactionTests {
    @Test("a write that throws leaves nothing behind")
    func rollbackOnThrow() throws {
        let fixture = try TestStore()
        #expect(throws: Abort.self) {
            try fixture.store.write { tx throws in
                try tx.instances.insert(Sample.instance())
                try tx.posts.insert([Sample.post("p1")])
                try Sample.link(tx, post: "p1")
                throw Abort()
            }
        }
        try fixture.store.read { tx throws in
            #expect(try tx.instances.all().isEmpty)
            #expect(try tx.posts.count() == 0)
            #expect(try tx.links.counts().values.reduce(0, +) == 0)
            var journalRows = 0
            try tx.journal.forEach { _ in journalRows += 1 }
            #expect(journalRows == 0)
        }
    }

    @Test("writes begin IMMEDIATE: the write lock is held from the start")
    func immediateWrite() throws {
        let fixture = try TestStore()
        let other = try Store(path: fixture.path)
        defer { other.close() }
        other.database.setBusyTimeout(milliseconds: 0)
        try fixture.store.write { _ in
            #expect(throws: StoreError.self) { try other.write { _ in } }
        }
        try other.write { try $0.instances.insert(Sample.instance()) }
    }

    @Test("a transaction inside another is refused")
    func nested() throws {
        let fixture = try TestStore()
        try fixture.store.read { _ throws -> Void in
            #expect(throws: StoreError.nestedTransaction) { try fixture.store.write { _ in } }
        }
    }

    @Test("a transaction kept beyond its block cannot be used")
    func escapedTransaction() throws {
        let fixture = try TestStore()
        let escaped = try fixture.store.read { $0 }
        #expect(throws: StoreError.transactionFinished) { try escaped.posts.count() }
    }
}
