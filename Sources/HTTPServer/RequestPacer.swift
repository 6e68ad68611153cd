/// Spaces answers so the server never does more than `ratePerSecond` requests' work in a
/// second on average, with `burst` answered at once after a quiet spell (the generic cell
/// rate algorithm: one "next free" time instead of a refilling bucket). A request over the
/// rate is not refused: its connection waits for its turn without being read, so a client
/// that floods the endpoint slows itself down and the daemon's own threads keep their CPU
/// (Benchmarks/LOAD.md, "Load on the health endpoint").
struct RequestPacer {
    let interval: UInt64
    let tolerance: UInt64
    private var nextFree: UInt64 = 0

    init(ratePerSecond: Int, burst: Int) {
        interval = 1_000_000_000 / UInt64(max(1, ratePerSecond))
        tolerance = interval * UInt64(max(1, burst) - 1)
    }

    /// When the request arriving at `now` may be answered: `now` itself while within the
    /// rate and burst, else the monotonic time of its turn. Every call takes a turn.
    mutating func turn(arrivingAt now: UInt64) -> UInt64 {
        let slot = max(now, nextFree)
        nextFree = slot + interval
        return slot > now + tolerance ? slot - tolerance : now
    }
}
