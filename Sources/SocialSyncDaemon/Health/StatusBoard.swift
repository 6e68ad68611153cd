import Synchronization

/// The latest `StatusSnapshot` behind a lock: the engine publishes, the health endpoint's
/// thread reads. Reading copies a value, so a handler can never block on the engine.
public final class StatusBoard: Sendable {
    private let snapshot: Mutex<StatusSnapshot>

    public init(_ initial: StatusSnapshot = StatusSnapshot()) {
        snapshot = Mutex(initial)
    }

    public var latest: StatusSnapshot { snapshot.withLock { $0 } }

    /// Replaces the whole snapshot.
    public func publish(_ new: StatusSnapshot) {
        snapshot.withLock { $0 = new }
    }

    /// Changes part of it (`$0.isReady = true` once the first pass is done).
    public func update(_ change: (inout StatusSnapshot) -> Void) {
        snapshot.withLock { change(&$0) }
    }
}
