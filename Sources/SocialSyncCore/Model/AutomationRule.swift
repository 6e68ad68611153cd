/// Routes matching posts to an instance, creating links automatically.
/// While active it blocks disabling or deleting its instance (R6).
public struct AutomationRule: Sendable, Equatable {
    public var id: String
    public var instanceID: String
    /// Free-form match expression, kept for the operator; nil matches every post.
    public var match: String?
    public var recordEntity: String
    public var isActive: Bool

    public init(id: String, instanceID: String, match: String? = nil, recordEntity: String = "incident", isActive: Bool = true) {
        self.id = id
        self.instanceID = instanceID
        self.match = match
        self.recordEntity = recordEntity
        self.isActive = isActive
    }
}
