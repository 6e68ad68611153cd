import Foundation
import Synchronization

/// A clock a test moves by hand, so what depends on time (a Retry-After, a pacer's refill)
/// is decided by the test and never by how loaded the machine is.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(start: Date = Date()) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
