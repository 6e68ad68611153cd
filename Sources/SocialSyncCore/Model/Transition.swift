/// A link state change demanded by a rule; the store writes it together with its journal row.
public struct Transition: Sendable, Equatable {
    public var to: LinkState
    public var reason: LinkReason?

    public init(to: LinkState, reason: LinkReason?) {
        self.to = to
        self.reason = reason
    }
}

/// Who or what changed a link, recorded in the journal.
public enum Actor: String, Sendable, Codable {
    /// The administrator, through the command line.
    case admin
    /// A Social Engagement user (unlink, create).
    case user
    /// The daemon or a `reconcile` pass, applying the rules to what it observed.
    case reconciler
}
