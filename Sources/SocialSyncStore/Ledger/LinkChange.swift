import SocialSyncCore

/// One link change as its journal row records it, kept until the transaction committed so
/// it is only reported (log line, transition counter) when it is really in the store.
public struct LinkChange: Sendable, Equatable {
    public var instanceID: String
    public var postID: String
    /// nil for a link that came into being (an import, a creation queued).
    public var from: LinkState?
    public var to: LinkState
    public var reason: LinkReason?
    public var actor: Actor

    public init(instanceID: String, postID: String, from: LinkState?, to: LinkState, reason: LinkReason?, actor: Actor) {
        self.instanceID = instanceID
        self.postID = postID
        self.from = from
        self.to = to
        self.reason = reason
        self.actor = actor
    }

    /// The change a journal row records, as the daemon learns of changes made by others.
    public init(_ change: JournalChange) {
        self.init(
            instanceID: change.instanceID, postID: change.postID, from: change.entry.from, to: change.entry.to, reason: change.entry.reason,
            actor: change.entry.actor)
    }
}
