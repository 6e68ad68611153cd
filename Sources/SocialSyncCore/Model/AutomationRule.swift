import struct Foundation.Date

/// Routes matching posts to an instance, creating links automatically (R40-R44).
/// While active it blocks disabling or deleting its instance (R6).
public struct AutomationRule: Sendable, Equatable {
    public var id: String
    public var instanceID: String
    /// The `--match` expression as the operator gave it (`RuleExpression`); nil matches every post.
    public var match: String?
    public var recordEntity: String
    public var isActive: Bool
    /// The last activation, nil while inactive: R41 prefers the most recent, and R42 routes
    /// only posts imported after it.
    public var activatedAt: Date?
    /// How many posts the rule has routed.
    public var routed: Int

    public init(
        id: String, instanceID: String, match: String? = nil, recordEntity: String = "incident", isActive: Bool = true,
        activatedAt: Date? = nil, routed: Int = 0
    ) {
        self.id = id
        self.instanceID = instanceID
        self.match = match
        self.recordEntity = recordEntity
        self.isActive = isActive
        self.activatedAt = activatedAt
        self.routed = routed
    }
}
