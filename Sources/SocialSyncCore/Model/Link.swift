import struct Foundation.Date

/// One post tied to one record in one instance through one social activity.
public struct Link: Sendable, Equatable {
    /// Store-assigned identity: a post can have several links over time.
    public var id: Int64
    public var postID: String
    public var instanceID: String
    public var activityID: String
    public var record: RecordReference
    public var state: LinkState
    public var reason: LinkReason?
    public var updatedAt: Date

    public init(
        id: Int64, postID: String, instanceID: String, activityID: String, record: RecordReference,
        state: LinkState, reason: LinkReason?, updatedAt: Date
    ) {
        self.id = id
        self.postID = postID
        self.instanceID = instanceID
        self.activityID = activityID.lowercased()
        self.record = record
        self.state = state
        self.reason = reason
        self.updatedAt = updatedAt
    }
}
