/// What a rule demands of one link.
public enum LinkEffect: Sendable, Equatable {
    /// Nothing changes.
    case keep
    /// The link moves to another state (or the same state with another reason).
    case transition(Transition)
    /// The link must be checked against its record and activity (R14 → R20-R23).
    case verify
}
