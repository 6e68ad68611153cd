import Synchronization

/// Whether the daemon's loops still make progress. Each loop calls `heartbeat` once per
/// round; a loop that has not beaten within its allowance counts as stuck. Both the
/// systemd watchdog and `/livez` ask `isAlive`, so a hung daemon stops pinging the
/// watchdog and gets restarted, while a remote outage (the loops still turn) never does.
public final class LivenessTracker: Sendable {
    private struct Loop {
        var lastBeat: ContinuousClock.Instant
        var allowance: Duration
    }

    private let loops = Mutex<[String: Loop]>([:])
    private let defaultAllowance: Duration

    /// - Parameter defaultAllowance: how long a loop first seen through `heartbeat` may go
    ///   between beats; give it room for the slowest round (a full verification pass).
    public init(defaultAllowance: Duration) {
        self.defaultAllowance = defaultAllowance
    }

    /// Registers a loop with an allowance of its own (or changes it), counting as a beat.
    public func expect(loop: String, within allowance: Duration, now: ContinuousClock.Instant = .now) {
        loops.withLock { $0[loop] = Loop(lastBeat: now, allowance: allowance) }
    }

    /// Proves a loop alive; an unknown loop is registered with the default allowance.
    public func heartbeat(loop: String, now: ContinuousClock.Instant = .now) {
        loops.withLock { loops in
            loops[loop, default: Loop(lastBeat: now, allowance: defaultAllowance)].lastBeat = now
        }
    }

    /// Forgets a loop that ended on purpose (its instance was deleted, shutdown).
    public func retire(loop: String) {
        _ = loops.withLock { $0.removeValue(forKey: loop) }
    }

    /// The loops that missed their allowance, sorted, for a log line or `/status`.
    public func stalledLoops(now: ContinuousClock.Instant = .now) -> [String] {
        loops.withLock { loops in
            loops.filter { now - $0.value.lastBeat > $0.value.allowance }.map(\.key).sorted()
        }
    }

    public func isAlive(now: ContinuousClock.Instant = .now) -> Bool {
        stalledLoops(now: now).isEmpty
    }
}
