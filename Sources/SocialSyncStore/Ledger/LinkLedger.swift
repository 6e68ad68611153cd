import Foundation
import SocialSyncCore

/// The one way a link comes into being or changes state, for the daemon, the command line,
/// imports, the outbox and routing alike: each change is checked against the state it was
/// decided from, written with its journal row (the `actor` says who), and remembered in
/// `changes` for the caller to report once the transaction committed.
///
/// Lives inside one write transaction; everything it decides from is read under that
/// transaction's write lock.
public final class LinkLedger {
    /// The transaction the changes are written in, for what goes with them (suspicions,
    /// failure texts, record details).
    public let transaction: WriteTransaction
    public let actor: Actor
    public let time: Date
    public private(set) var changes: [LinkChange] = []
    /// Every change written, kept or not.
    public private(set) var changeCount = 0
    /// False for a caller that only needs the count: a disable of a million links need not
    /// hold a million changes (the running daemon reports them from the journal).
    let keepsChanges: Bool

    public init(_ transaction: WriteTransaction, actor: Actor, at time: Date, keepingChanges: Bool = true) {
        self.transaction = transaction
        self.actor = actor
        self.time = time
        keepsChanges = keepingChanges
    }

    private func remember(_ change: LinkChange) {
        changeCount += 1
        if keepsChanges { changes.append(change) }
    }

    /// Moves `link` as a rule decided from the state it was read in. nil, with nothing
    /// written, when another writer changed the link since (an unlink from the command line
    /// during a pass): the next pass decides again from what is then stored.
    @discardableResult
    public func apply(_ transition: Transition, to link: Link) throws(StoreError) -> Link? {
        let updated: Link
        do {
            updated = try transaction.links.applyTransition(link.id, expectedFrom: link.state, transition, actor: actor, at: time)
        } catch .unexpectedLinkState {
            return nil
        }
        remember(LinkChange(instanceID: link.instanceID, postID: link.postID, from: link.state, to: transition.to, reason: transition.reason, actor: actor))
        return updated
    }

    /// Applies a rule's effect; true when the link changed.
    @discardableResult
    public func apply(_ effect: LinkEffect, to link: Link) throws(StoreError) -> Bool {
        guard case .transition(let transition) = effect else { return false }
        return try apply(transition, to: link) != nil
    }

    /// A link that starts active (an import), held at once to its instance's state
    /// (R11-R13), so a link to a disabled instance is errored from the start.
    @discardableResult
    public func insertActive(postID: String, instance: Instance, activityID: String, record: RecordReference) throws(StoreError) -> Link {
        let link = try transaction.links.insert(
            postID: postID, instanceID: instance.id, activityID: activityID, record: record, state: .active, reason: nil, actor: actor, at: time)
        remember(LinkChange(instanceID: instance.id, postID: postID, from: nil, to: .active, reason: nil, actor: actor))
        if case .transition(let transition) = InstanceStatusRules.effect(on: link, of: InstanceCondition(instance)), let held = try apply(transition, to: link) {
            return held
        }
        return link
    }

    /// R8: a pending link whose creation is queued in the outbox.
    @discardableResult
    public func insertPending(postID: String, instanceID: String, recordEntity: String, ids: CreationIDs) throws(StoreError) -> Link {
        let link = try transaction.links.insertPending(postID: postID, instanceID: instanceID, recordEntity: recordEntity, ids: ids, actor: actor, at: time)
        remember(LinkChange(instanceID: instanceID, postID: postID, from: nil, to: .pending, reason: nil, actor: actor))
        return link
    }

    /// The first seed table (R10-R15) over every link of the instance, from the instance
    /// as it is stored in this transaction: the administrator's switches and the last
    /// recorded probe. The daemon's poll and `instances disable/delete` both end here.
    /// Returns whether errored links wait for R14's verification.
    @discardableResult
    public func applyInstanceRules(instanceID: String) throws -> Bool {
        guard let instance = try transaction.instances.get(instanceID) else { return false }
        let condition = InstanceCondition(instance)
        var waiting = false
        for state in InstanceStatusRules.statesAffected(by: condition) {
            try transaction.links.forEach(LinkFilter(state: state, instanceID: instanceID)) { link in
                let effect = InstanceStatusRules.effect(on: link, of: condition)
                if effect == .verify { waiting = true }
                try apply(effect, to: link)
            }
        }
        return waiting
    }
}
