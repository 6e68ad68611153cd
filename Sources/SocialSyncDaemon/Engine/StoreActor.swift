import Foundation
import SocialSyncStore

/// The daemon's one store connection, owned by an actor that runs on its own thread, so
/// SQLite's blocking calls never occupy the cooperative pool and every write is serialized.
public actor StoreActor {
    private let store: Store
    private nonisolated let executor: DedicatedThreadExecutor

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The file's mode when it is readable by others (for a warning), nil when private.
    public nonisolated let exposedPermissions: mode_t?

    public init(path: String) throws {
        executor = DedicatedThreadExecutor(name: "socialsync-store")
        store = try Store(path: path)
        exposedPermissions = store.exposedPermissions
    }

    public func read<Result: Sendable>(_ body: @Sendable (ReadTransaction) throws -> Result) throws -> Result {
        try store.read(body)
    }

    public func write<Result: Sendable>(_ body: @Sendable (WriteTransaction) throws -> Result) throws -> Result {
        try store.write(body)
    }

    /// Checkpoints and closes the store, then lets the thread end.
    public func close() {
        store.close()
        executor.stop()
    }
}
