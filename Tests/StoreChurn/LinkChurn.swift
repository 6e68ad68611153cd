import Foundation
import SocialSyncCore
import SocialSyncStore

/// Random link changes, each batch in one write transaction, through the store's public
/// API only: the workload the crash-safety test kills at random moments. Every kind of
/// write the daemon and the command line make is here: single transitions along the
/// link life cycle, new links for freed posts (imported and pending with their outbox
/// row), bulk transitions of every link in a state, a refused second current link, and
/// whole batches rolled back.
final class LinkChurn {
    /// Thrown to roll a batch back on purpose.
    private struct Abandoned: Error {}

    /// The store accepted what its unique index must refuse.
    struct Violation: Error, CustomStringConvertible {
        var description: String
    }

    static let instanceID = "churn"
    static let maximumBatch = 8

    private let store: Store
    private let postIDs: [String]
    private var random: SeededGenerator

    init(store: Store, postCount: Int, seed: UInt64) {
        self.store = store
        postIDs = (1...postCount).map { "churn-post-\($0)" }
        random = SeededGenerator(seed: seed)
    }

    /// Creates the instance and the posts, each with an active link, unless an earlier
    /// run on the same file already did.
    func prepareIfEmpty() throws {
        try store.write { transaction in
            guard try transaction.instances.get(Self.instanceID) == nil else { return }
            let now = Date()
            try transaction.instances.insert(Instance(
                id: Self.instanceID, name: "Churn", url: URL(string: "https://churn.crm.dynamics.com")!, tenantID: "tenant",
                clientID: "client", clientSecretFile: "/etc/socialsync/churn.secret", connectedOn: now, isDefault: true
            ))
            try transaction.posts.insert(postIDs.map { id in
                Post(id: id, url: "https://twitter.com/churn/status/\(id)", author: "Churn", text: "post \(id)",
                     sentiment: .neutral, tags: ["churn"], source: .twitter, publishedAt: now)
            })
            for id in postIDs { try insertActive(id, transaction, at: now) }
        }
    }

    /// One write transaction of a randomly chosen kind.
    func step() throws {
        switch random.below(10) {
        case 0: try bulkTransition(from: .active, Transition(to: .errored, reason: .instanceDown))
        case 1: try bulkTransition(from: .errored, Transition(to: .active, reason: nil))
        case 2: try abandonedBatch()
        default: try store.write { transaction in try changeRandomPosts(transaction) }
        }
    }

    private func changeRandomPosts(_ transaction: WriteTransaction) throws {
        for _ in 0...random.below(Self.maximumBatch) {
            let postID = random.pick(postIDs)
            try change(postID, transaction)
        }
    }

    /// Moves the post's current link one step along its life cycle, or links a free post.
    private func change(_ postID: String, _ transaction: WriteTransaction) throws {
        let now = Date()
        guard let current = try transaction.links.current(ofPost: postID) else {
            return try linkFreePost(postID, transaction, at: now)
        }
        let transition = random.pick(Self.transitions(from: current.state))
        try transaction.links.applyTransition(current.id, expectedFrom: current.state, transition, actor: .reconciler, at: now)
    }

    /// The moves the rules make from each current state (R3-R23, R7, R8).
    private static func transitions(from state: LinkState) -> [Transition] {
        let unlinked = Transition(to: .unlinked, reason: .unlinkedByUser)
        switch state {
        case .pending:
            return [Transition(to: .active, reason: .created), Transition(to: .failed, reason: .creationRejected), unlinked]
        case .active:
            return [
                Transition(to: .errored, reason: .instanceDown), Transition(to: .errored, reason: .instanceDisabled),
                Transition(to: .broken, reason: .recordDeleted), Transition(to: .broken, reason: .recordDissociated),
                Transition(to: .removed, reason: .instanceDeleted), unlinked,
            ]
        case .errored, .broken, .unlinked, .removed, .failed:
            // Only errored links get here: `current(ofPost:)` returns current links only.
            return [Transition(to: .active, reason: nil), Transition(to: .broken, reason: .activityDeleted), unlinked]
        }
    }

    private func linkFreePost(_ postID: String, _ transaction: WriteTransaction, at now: Date) throws {
        if random.below(2) == 0 {
            try insertActive(postID, transaction, at: now)
        } else {
            let ids = CreationIDs(contactID: random.guid(), profileID: random.guid(), recordID: random.guid(), activityID: random.guid())
            try transaction.links.insertPending(postID: postID, instanceID: Self.instanceID, recordEntity: "incident", ids: ids, actor: .user, at: now)
        }
        if random.below(4) == 0 { try expectSecondCurrentLinkRefused(postID, transaction, at: now) }
    }

    /// The unique index must refuse a second current link; the refusal fails one
    /// statement, and the transaction carries on.
    private func expectSecondCurrentLinkRefused(_ postID: String, _ transaction: WriteTransaction, at now: Date) throws {
        do {
            try insertActive(postID, transaction, at: now)
        } catch StoreError.postAlreadyLinked {
            return
        }
        throw Violation(description: "the store accepted a second current link for post '\(postID)'")
    }

    private func insertActive(_ postID: String, _ transaction: WriteTransaction, at now: Date) throws {
        try transaction.links.insert(
            postID: postID, instanceID: Self.instanceID, activityID: random.guid(),
            record: RecordReference(entity: "incident", id: random.guid()), state: .active, reason: nil, actor: .admin, at: now
        )
    }

    /// Every link in `state` at once, as disabling an instance or a verdict does (R3, R11).
    private func bulkTransition(from state: LinkState, _ transition: Transition) throws {
        try store.write { transaction in
            let now = Date()
            try transaction.links.forEach(LinkFilter(state: state, instanceID: Self.instanceID)) { link in
                try transaction.links.applyTransition(link.id, expectedFrom: state, transition, actor: .reconciler, at: now)
            }
        }
    }

    /// A batch of changes that is rolled back: none of it may survive.
    private func abandonedBatch() throws {
        do {
            try store.write { transaction in
                try changeRandomPosts(transaction)
                throw Abandoned()
            }
        } catch is Abandoned {
            return
        }
    }
}
