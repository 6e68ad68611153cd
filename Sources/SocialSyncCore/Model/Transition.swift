/// A link state change demanded by a rule; the store writes it together with its journal row.
public struct Transition: Sendable, Equatable {
    public var to: LinkState
    public var reason: LinkReason?

    public init(to: LinkState, reason: LinkReason?) {
        self.to = to
        self.reason = reason
    }
}

/// Who or what changed a link, recorded in the journal as `admin`, `user`, `reconciler` or
/// `rule:<rule id>`.
public enum Actor: Sendable, Equatable, Hashable, Codable, RawRepresentable {
    /// The administrator, through the command line.
    case admin
    /// A Social Engagement user (unlink, create).
    case user
    /// The daemon or a `reconcile` pass, applying the rules to what it observed.
    case reconciler
    /// An automation rule that routed a post when it was imported (R40).
    case rule(String)

    static let rulePrefix = "rule:"

    public init?(rawValue: String) {
        switch rawValue {
        case "admin": self = .admin
        case "user": self = .user
        case "reconciler": self = .reconciler
        case _ where rawValue.hasPrefix(Self.rulePrefix) && rawValue.count > Self.rulePrefix.count:
            self = .rule(String(rawValue.dropFirst(Self.rulePrefix.count)))
        default: return nil
        }
    }

    /// Who, without a rule's id: a metric label whose values stay few.
    public var kind: String {
        if case .rule = self { return "rule" }
        return rawValue
    }

    public var rawValue: String {
        switch self {
        case .admin: "admin"
        case .user: "user"
        case .reconciler: "reconciler"
        case .rule(let id): Self.rulePrefix + id
        }
    }
}
