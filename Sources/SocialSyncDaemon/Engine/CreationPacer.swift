import Foundation
import SocialSyncCore
import Synchronization

/// R44 across an instance's iterations: the engine builds a reconciler for every iteration,
/// while the pacing of the instance's creations must carry over from one to the next.
public final class CreationPacer: Sendable {
    private let pacing: Mutex<CreationPacing>

    public init(requestsPerMinute: Int, now: Date) {
        pacing = Mutex(CreationPacing(requestsPerMinute: Double(requestsPerMinute), now: now))
    }

    public var requestsPerMinute: Int { Int(pacing.withLock { $0.requestsPerMinute }) }

    /// Whether one more creation may go out now; if so, its requests are counted.
    func admit(at time: Date) -> Bool { pacing.withLock { $0.admit(at: time) } }

    /// A creation's request met a 429.
    func throttled(at time: Date) { pacing.withLock { $0.throttled(at: time) } }
}
