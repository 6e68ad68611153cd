import Testing
import SocialSyncCore

/// Flap control for verdicts and the retry schedule.
@Suite struct VerdictAndBackoffTests {
    @Test func errorVerdictNeedsConsecutiveConfirmations() {
        let first = VerdictRules.decide(current: .healthy, streak: nil, probed: .down, confirmations: 2)
        #expect(first.verdict == .healthy)
        let second = VerdictRules.decide(current: .healthy, streak: first.streak, probed: .down, confirmations: 2)
        #expect(second.verdict == .down)
        #expect(second.streak == nil)
    }

    @Test func aDifferentAnswerRestartsTheCount() {
        let first = VerdictRules.decide(current: .healthy, streak: nil, probed: .down, confirmations: 2)
        let second = VerdictRules.decide(current: .healthy, streak: first.streak, probed: .expired, confirmations: 2)
        #expect(second.verdict == .healthy)
        #expect(second.streak == Streak(answer: .expired, count: 1))
    }

    @Test func healthyThrottledAndMalformedTakeEffectAtOnce() {
        for probed in [Verdict.healthy, .throttled, .malformed] {
            #expect(VerdictRules.decide(current: .down, streak: Streak(answer: .down), probed: probed, confirmations: 3).verdict == probed)
        }
    }

    @Test func oneConfirmationActsImmediately() {
        #expect(VerdictRules.decide(current: .healthy, streak: nil, probed: .unauthorized, confirmations: 1).verdict == .unauthorized)
    }

    @Test func backoffIsBoundedJitteredAndNeverShorterThanRetryAfter() {
        let backoff = Backoff(baseSeconds: 2, capSeconds: 60)
        #expect(backoff.delay(attempt: 0, unitRandom: 0.5) == 1)
        #expect(backoff.delay(attempt: 3, unitRandom: 0.5) == 8)
        #expect(backoff.delay(attempt: 20, unitRandom: 0.999) <= 60)
        #expect(backoff.delay(attempt: 1, unitRandom: 0, retryAfter: 30) == 30)
    }
}
