import Foundation

/// A pending creation (R8) waiting for its next attempt.
public struct OutboxItem: Sendable, Equatable {
    public var linkID: Int64
    /// Attempts made so far; the backoff grows with it.
    public var attempts: Int
    public var nextAttemptAt: Date
    /// The last failure, for the operator. Written by the caller, who keeps secrets and
    /// post text out of it.
    public var lastError: String?

    public init(linkID: Int64, attempts: Int, nextAttemptAt: Date, lastError: String?) {
        self.linkID = linkID
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}
