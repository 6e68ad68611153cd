import Foundation
import Testing
@testable import SocialSyncStore

/// Commands that only read open an existing store without write access, so they work on a
/// read-only file system; and every failure of the file names the store file.
@Suite("Opening a store for reading")
struct ReadOnlyOpeningTests {
    @Test func aSQLiteErrorNamesTheStoreFile() throws {
        let fixture = try TestStore()
        let path = fixture.directory.appendingPathComponent("not-a-store.db").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { _ = try Store(path: path) }
        #expect(error.description.contains(path), "\(error)")
        #expect(error.description.contains("not a database"), "\(error)")
    }

    @Test func anUpToDateStoreIsOpenedWithoutWriteAccess() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 2)
        let reader = try Store.openForReading(path: fixture.path)
        defer { reader.close() }
        #expect(reader.mode == .readOnly)
        #expect(try reader.read { try $0.posts.count() } == 2)
        let error = try #require(throws: StoreError.self) { try reader.write { try $0.posts.insert(CollectionOfOne(Sample.post("p3"))) } }
        #expect(error.sqliteCode.map { $0 & 0xFF } == 8, "SQLITE_READONLY: \(error)")
        #expect(error.description.contains(fixture.path), "\(error)")
    }

    @Test func aStoreThatNeedsMigratingOrDoesNotExistIsOpenedForWriting() throws {
        let older = try TestStore(migrations: Array(Migration.all.dropLast()))
        older.store.close()
        let migrated = try Store.openForReading(path: older.path)
        defer { migrated.close() }
        #expect(migrated.mode == .readWrite)
        #expect(try Migrator.userVersion(migrated.database) == Store.schemaVersion)

        let fresh = older.directory.appendingPathComponent("fresh.db").path
        let created = try Store.openForReading(path: fresh)
        defer { created.close() }
        #expect(created.mode == .readWrite)
        #expect(FileManager.default.fileExists(atPath: fresh))
    }

    @Test func aStoreFromANewerSocialsyncIsRefusedNamingIt() throws {
        let fixture = try TestStore()
        try fixture.corrupt("PRAGMA user_version = \(Store.schemaVersion + 1)")
        fixture.store.close()
        let error = try #require(throws: StoreError.self) { _ = try Store.openForReading(path: fixture.path) }
        #expect(error == .schemaTooNew(path: fixture.path, found: Store.schemaVersion + 1, supported: Store.schemaVersion))
    }

    /// Only a read-only file system without a write-ahead log is safe to read as immutable:
    /// elsewhere a writer may be running, and a log left by an unclean stop holds commits.
    @Test func immutableOnlyOnAReadOnlyFileSystemWithoutALog() {
        #expect(OpenMode.forReading(fileSystemIsReadOnly: true, writeAheadLogExists: false) == .immutable)
        #expect(OpenMode.forReading(fileSystemIsReadOnly: true, writeAheadLogExists: true) == .readOnly)
        #expect(OpenMode.forReading(fileSystemIsReadOnly: false, writeAheadLogExists: false) == .readOnly)
        #expect(OpenMode.forReading(fileSystemIsReadOnly: false, writeAheadLogExists: true) == .readOnly)
    }

    @Test func anImmutableOpeningReadsAFileWhosePathHasURICharacters() throws {
        let fixture = try TestStore()
        let path = fixture.directory.appendingPathComponent("odd?name#with%25.db").path
        let writer = try Store(path: path)
        try Sample.seed(writer, posts: 3)
        writer.close()
        let reader = try Store(readingExisting: path, mode: .immutable)
        defer { reader.close() }
        #expect(try reader.read { try $0.posts.count() } == 3)
    }
}
