import Foundation

/// The instance's "not before" deadline from 429 answers (PA `api-limits`). No request to the
/// instance is sent before it; it only moves later, because Retry-After is a floor.
actor ThrottleGate {
    private(set) var notBefore: Date?

    init(notBefore: Date?) {
        self.notBefore = notBefore
    }

    /// Seconds still to wait at `now`, or nil when requests may go.
    func remaining(at now: Date) -> Double? {
        guard let notBefore, notBefore > now else { return nil }
        return notBefore.timeIntervalSince(now)
    }

    func extend(to deadline: Date) {
        if notBefore.map({ deadline > $0 }) ?? true { notBefore = deadline }
    }
}
