/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
/// Jitter"): a random wait in [0, min(cap, base · 2^attempt)], never shorter than a
/// server's Retry-After.
public struct Backoff: Sendable, Equatable {
    public var baseSeconds: Double
    public var capSeconds: Double

    public init(baseSeconds: Double = 2, capSeconds: Double = 600) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
    }

    /// `unitRandom` is a value in [0, 1) supplied by the caller, so the core stays deterministic.
    public func delay(attempt: Int, unitRandom: Double, retryAfter: Double? = nil) -> Double {
        let exponent = Double(min(max(attempt, 0), 30))
        let ceiling = min(capSeconds, baseSeconds * pow2(exponent))
        let jittered = ceiling * min(max(unitRandom, 0), 1)
        return max(jittered, retryAfter ?? 0)
    }

    private func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
