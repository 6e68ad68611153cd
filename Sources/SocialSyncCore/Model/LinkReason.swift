/// Why a link is in its state; the strings are part of the interface (interface.md).
public enum LinkReason: String, Sendable, CaseIterable, Codable {
    case instanceDisabled = "instance_disabled"
    case instanceDown = "instance_down"
    case instanceExpired = "instance_expired"
    case instanceUnauthorized = "instance_unauthorized"
    case recordDeleted = "record_deleted"
    case recordDissociated = "record_dissociated"
    case activityDeleted = "activity_deleted"
    case instanceDeleted = "instance_deleted"
    case unlinkedByUser = "unlinked_by_user"
    case restored
    case created
    case creationRejected = "creation_rejected"
}
