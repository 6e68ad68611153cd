/// How a new probe result changes the verdict an instance is held to.
public enum VerdictRules {
    public struct Decision: Sendable, Equatable {
        /// The verdict the instance is held to after this probe.
        public var verdict: Verdict
        /// The streak to remember for the next probe; nil once nothing is pending.
        public var streak: Streak<Verdict>?

        public init(verdict: Verdict, streak: Streak<Verdict>?) {
            self.verdict = verdict
            self.streak = streak
        }
    }

    /// A verdict that would error links (down, expired, unauthorized) needs `confirmations`
    /// identical consecutive probes. Healthy takes effect at once: it changes no link by
    /// itself, it only lets errored links be verified (R14), and verification needs its own
    /// definitive answers. Throttled and malformed are recorded at once because they
    /// change no link state (N1).
    public static func decide(current: Verdict, streak: Streak<Verdict>?, probed: Verdict, confirmations: Int) -> Decision {
        guard probed.erroredReason != nil, probed != current else {
            return Decision(verdict: probed, streak: nil)
        }
        let next = Streak.after(streak, answer: probed)
        return next.isConfirmed(required: confirmations)
            ? Decision(verdict: probed, streak: nil)
            : Decision(verdict: current, streak: next)
    }
}
