import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Opening a store")
struct OpeningTests {
    @Test("new store files, including -wal and -shm, are private (0600)")
    func privateFiles() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: fixture.path + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix)")
        }
        #expect(fixture.store.exposedPermissions == nil)
    }

    @Test("an existing file readable by others is reported, not changed")
    func exposedFileReported() throws {
        let directory = try TestStore()
        let path = directory.directory.appendingPathComponent("shared.db").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        let store = try Store(path: path)
        defer { store.close() }
        #expect(store.exposedPermissions == 0o644)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o644)
    }

    @Test("WAL, synchronous=FULL and foreign keys are on")
    func pragmas() throws {
        let fixture = try TestStore()
        let database = fixture.store.database
        #expect(try database.queryFirst("PRAGMA journal_mode") { $0.text(0) } == "wal")
        #expect(try database.queryFirst("PRAGMA synchronous") { $0.int(0) } == 2)
        #expect(try database.queryFirst("PRAGMA foreign_keys") { $0.int(0) } == 1)
    }

    @Test("migrations set user_version and are idempotent")
    func migrationsIdempotent() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 3)
        #expect(try Migrator.userVersion(fixture.store.database) == Store.schemaVersion)
        try Migrator(migrations: Migration.all).migrate(fixture.store.database, path: fixture.path)
        let reopened = try Store(path: fixture.path)
        defer { reopened.close() }
        #expect(try Migrator.userVersion(reopened.database) == Store.schemaVersion)
        #expect(try reopened.read { try $0.posts.count() } == 3)
    }

    @Test("a later migration applies on top of an existing file, in order")
    func laterMigrationApplies() throws {
        let fixture = try TestStore()
        let next = Migration(version: Store.schemaVersion + 1, sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;")
        let upgraded = try Store(path: fixture.path, migrations: Migration.all + [next])
        defer { upgraded.close() }
        #expect(try Migrator.userVersion(upgraded.database) == Store.schemaVersion + 1)
        #expect(try upgraded.database.queryFirst("SELECT count(*) FROM extra") { $0.int(0) } == 0)
    }

    /// B6: a store written at version 2 kept URLs as typed; the migration brings them to
    /// `InstanceURL`'s form and leaves alone what that form refuses.
    @Test func r1_instanceURLsOfAVersion2StoreAreNormalised() throws {
        let fixture = try TestStore()
        let path = fixture.directory.appendingPathComponent("version2.db").path
        let typed = [
            "a": "HTTPS://Contoso.CRM.Dynamics.com:443/", "b": "http://LocalHost:80/Org1//", "c": "http://127.0.0.1:8080/org1",
            "d": "https://Fabrikam.crm.dynamics.com:8443/Path/", "e": "https://Query.example.com/?x=1", "f": "https://plain.crm.dynamics.com",
        ]
        let old = try Store(path: path, migrations: Array(Migration.all.prefix { $0.version <= 2 }))
        try old.write { transaction throws in
            for (id, url) in typed {
                var instance = Sample.instance(id)
                instance.url = URL(string: url)!
                try transaction.instances.insert(instance)
            }
        }
        #expect(try Migrator.userVersion(old.database) == 2)
        old.close()

        let upgraded = try Store(path: path)
        defer { upgraded.close() }
        let stored = try upgraded.read { transaction throws in try typed.keys.sorted().map { try transaction.instances.get($0)?.url.absoluteString } }
        #expect(stored == [
            "https://contoso.crm.dynamics.com", "http://localhost/Org1", "http://127.0.0.1:8080/org1",
            "https://fabrikam.crm.dynamics.com:8443/Path", "https://Query.example.com/?x=1", "https://plain.crm.dynamics.com",
        ])
        for url in stored.compactMap({ $0 }) where !url.contains("?") {
            #expect(try InstanceURL.normalized(url).absoluteString == url, "the SQL and the Swift rules agree")
        }
    }

    @Test("a file from a newer socialsync is refused")
    func futureVersionRefused() throws {
        let fixture = try TestStore()
        try fixture.corrupt("PRAGMA user_version = \(Store.schemaVersion + 7)")
        #expect(throws: StoreError.schemaTooNew(path: fixture.path, found: Store.schemaVersion + 7, supported: Store.schemaVersion)) {
            _ = try Store(path: fixture.path)
        }
    }

    @Test("times read back exactly as written")
    func exactTimes() throws {
        let fixture = try TestStore()
        var instance = Sample.instance()
        instance.connectedOn = Date(timeIntervalSinceReferenceDate: 734_567_890.123_456_7)
        try fixture.store.write { try $0.instances.insert(instance) }
        #expect(try fixture.store.read { try $0.instances.get("contoso") } == instance)
    }

    @Test("a closed store refuses to work")
    func closedStore() throws {
        let fixture = try TestStore()
        fixture.store.close()
        #expect(throws: StoreError.storeClosed) { try fixture.store.read { try $0.posts.count() } }
    }
}
