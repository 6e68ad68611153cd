import Foundation

/// The one source of time and chance for the engine and everything it starts (reconcilers,
/// pacers, the service requests), so a test that moves the clock moves all of them.
public struct EngineClock: Sendable {
    public var now: @Sendable () -> Date
    /// Uniform in [0, 1): the jitter of retries and poll intervals.
    public var unitRandom: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Date, unitRandom: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.now = now
        self.unitRandom = unitRandom
    }

    public static let system = EngineClock(now: Date.init)
}
