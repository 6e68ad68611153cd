import Foundation
import SocialSyncCore
@testable import SocialSyncStore

/// A fresh store file in its own temporary directory, removed with the value.
final class TestStore {
    let directory: URL
    let path: String
    let store: Store

    /// `migrations` other than all of them make a store as an older socialsync left it.
    init(migrations: [Migration] = Migration.all) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("socialsync-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("socialsync.db").path
        store = try Store(path: path, migrations: migrations)
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs raw SQL on the store's own connection: how tests damage a file on purpose.
    func corrupt(_ sql: String) throws {
        try store.database.execute(sql)
    }
}

/// Small value builders so each test states only what matters to it.
enum Sample {
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000.123)
    static let record = RecordReference(entity: "incident", id: "11111111-1111-1111-1111-111111111111")

    static func instance(_ id: String = "contoso", isDefault: Bool = false) -> Instance {
        Instance(
            id: id, name: id.capitalized, url: URL(string: "https://\(id).crm.dynamics.com")!, tenantID: "tenant",
            clientID: "client", clientSecretFile: "/etc/socialsync/\(id).secret", connectedOn: epoch, isDefault: isDefault
        )
    }

    static func post(_ id: String) -> Post {
        Post(
            id: id, url: "https://twitter.com/a/status/\(id)", author: "Ann", text: "hello \(id)", sentiment: .positive,
            tags: ["a", "b \"quoted\""], source: .twitter, publishedAt: epoch
        )
    }

    static func activityID(_ number: Int) -> String {
        String(format: "00000000-0000-0000-0000-%012d", number)
    }

    /// Inserts instance "contoso" and posts p1...pN.
    static func seed(_ store: Store, posts count: Int) throws {
        try store.write { tx throws in
            try tx.instances.insert(instance())
            try tx.posts.insert((1...count).map { post("p\($0)") })
        }
    }

    @discardableResult
    static func link(
        _ tx: WriteTransaction, post: String, number: Int = 1, state: LinkState = .active, reason: LinkReason? = nil, at time: Date = epoch
    ) throws -> Link {
        try tx.links.insert(
            postID: post, instanceID: "contoso", activityID: activityID(number), record: record,
            state: state, reason: reason, actor: .admin, at: time
        )
    }
}

/// An error thrown by a test on purpose, to prove a rollback.
struct Abort: Error {}
