import Foundation

/// How many creations wait for one instance and since when the oldest has (R44: an outbox
/// that drains slower than it fills shows as a growing count and an ageing oldest item).
public struct OutboxBacklog: Sendable, Equatable {
    public var items: Int
    /// When the oldest waiting creation was queued; nil when none waits.
    public var oldestQueuedAt: Date?

    public init(items: Int, oldestQueuedAt: Date?) {
        self.items = items
        self.oldestQueuedAt = oldestQueuedAt
    }
}
