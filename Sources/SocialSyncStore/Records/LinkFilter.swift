import SocialSyncCore

/// Which links `LinkRepository.forEach` visits; every condition set must hold.
public struct LinkFilter: Sendable, Equatable {
    public var state: LinkState?
    public var instanceID: String?
    public var postID: String?
    public var activityID: String?
    public var reason: LinkReason?
    /// Only links removed by an instance deletion that wait for R30 verification.
    public var restorePendingOnly: Bool

    public init(
        state: LinkState? = nil, instanceID: String? = nil, postID: String? = nil, activityID: String? = nil,
        reason: LinkReason? = nil, restorePendingOnly: Bool = false
    ) {
        self.state = state
        self.instanceID = instanceID
        self.postID = postID
        self.activityID = activityID?.lowercased()
        self.reason = reason
        self.restorePendingOnly = restorePendingOnly
    }

    /// The SQL conditions and their values, in parameter order.
    var conditions: (sql: [String], values: [SQLValue]) {
        var sql: [String] = []
        var values: [SQLValue] = []
        if let state { sql.append("state = ?"); values.append(.raw(state)) }
        if let instanceID { sql.append("instance_id = ?"); values.append(.text(instanceID)) }
        if let postID { sql.append(LinkRepository<ReadAccess>.ofPost); values += [.text(postID), .text(postID)] }
        if let activityID { sql.append("activity_id = ?"); values.append(StoredGUID.value(activityID)) }
        if let reason { sql.append("reason = ?"); values.append(.raw(reason)) }
        if restorePendingOnly { sql.append("restore_pending = 1") }
        return (sql, values)
    }
}
