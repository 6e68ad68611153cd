import Foundation
import SocialSyncCore

/// One row of a link's history: its creation (`from` nil) or one state change.
public struct JournalEntry: Sendable, Equatable {
    public var id: Int64
    public var linkID: Int64
    public var from: LinkState?
    public var to: LinkState
    public var reason: LinkReason?
    public var actor: Actor
    public var at: Date

    public init(id: Int64, linkID: Int64, from: LinkState?, to: LinkState, reason: LinkReason?, actor: Actor, at: Date) {
        self.id = id
        self.linkID = linkID
        self.from = from
        self.to = to
        self.reason = reason
        self.actor = actor
        self.at = at
    }
}
