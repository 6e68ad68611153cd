/// Consecutive identical answers about one subject (flap control, behaviour.md "ours").
///
/// A destructive or state-changing conclusion takes effect only once the same answer
/// has come `required` times in a row; any different answer starts a new streak.
public struct Streak<Answer: Equatable & Sendable>: Sendable, Equatable {
    public var answer: Answer
    public var count: Int

    public init(answer: Answer, count: Int = 1) {
        self.answer = answer
        self.count = count
    }

    /// The streak after one more answer.
    public static func after(_ previous: Streak?, answer: Answer) -> Streak {
        guard let previous, previous.answer == answer else { return Streak(answer: answer) }
        return Streak(answer: answer, count: previous.count + 1)
    }

    public func isConfirmed(required: Int) -> Bool { count >= max(1, required) }
}
