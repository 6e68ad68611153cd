import struct Foundation.Date

/// R44: how fast one instance's creations go out. A token bucket over requests, since
/// Dataverse's service protection limits count requests per user over a sliding five-minute
/// window (docs/dataverse.md, "Service protection limits"): a creation is admitted when the
/// bucket holds every request it may need, and the bucket refills at the configured rate up
/// to one minute's worth. After a 429 the instance has said the budget is spent: the bucket
/// empties and refills at half the rate for one window, so rule-made bursts back off instead
/// of meeting the next 429. Nothing here drops a creation: one not admitted waits in the
/// outbox for the next flush.
public struct CreationPacing: Sendable, Equatable {
    /// The worst case of one creation: the profile lookup and four creates (contact,
    /// profile, record, activity). A 412's confirming read is rare and not counted.
    public static let requestsPerCreation = 5
    /// The length of Dataverse's service protection window.
    public static let slowdownSeconds: Double = 300

    public let requestsPerMinute: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Date
    /// Until when the rate is halved after a 429.
    public private(set) var slowedUntil: Date?

    /// Starts full: a daemon that has just started may send one minute's worth at once.
    public init(requestsPerMinute: Double, now: Date) {
        self.requestsPerMinute = max(requestsPerMinute, 0)
        tokens = self.requestsPerMinute
        updatedAt = now
    }

    /// The requests per minute in force at `time`.
    public func rate(at time: Date) -> Double {
        if let slowedUntil, time < slowedUntil { return requestsPerMinute / 2 }
        return requestsPerMinute
    }

    /// Whether one more creation may go out at `time`; if so, its requests are taken.
    public mutating func admit(at time: Date) -> Bool {
        refill(to: time)
        let cost = Double(Self.requestsPerCreation)
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }

    /// A 429 answered a creation's request at `time`.
    public mutating func throttled(at time: Date) {
        refill(to: time)
        tokens = 0
        slowedUntil = time.addingTimeInterval(Self.slowdownSeconds)
    }

    private mutating func refill(to time: Date) {
        let elapsed = time.timeIntervalSince(updatedAt)
        guard elapsed > 0 else { return }
        tokens = min(requestsPerMinute, tokens + elapsed / 60 * rate(at: updatedAt))
        updatedAt = time
    }
}
