import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

extension InstanceReconciler {
    /// One due creation, read with everything needed to send it.
    struct DueCreation: Sendable {
        var item: OutboxItem
        var link: Link
        var post: Post
        var ids: CreationIDs
    }

    /// R8: sends the due pending creations of the instance, each as the same plan with the
    /// same client-chosen ids every time, so a retry after a lost answer never duplicates.
    /// Returns how many were confirmed.
    @discardableResult
    public func flushOutbox() async throws -> Int {
        let now = settings.now()
        let due = try await store.read { [instanceID, settings] transaction in
            try transaction.outbox.due(at: now, instanceID: instanceID, limit: settings.outboxBatchSize).compactMap { item in
                try Self.dueCreation(item, transaction)
            }
        }
        var confirmed = 0
        for creation in due {
            // Without the record table's metadata the entity set is unknown: the item waits.
            guard let metadata = try await metadata(for: creation.link.record.entity) else { continue }
            let plan = CreationPayload.plan(post: creation.post, record: metadata, ids: creation.ids)
            if try await send(creation, plan) { confirmed += 1 }
        }
        let depth = try await store.read { try $0.outbox.count() }
        events.record(.outboxDepth(depth))
        return confirmed
    }

    static func dueCreation(_ item: OutboxItem, _ transaction: ReadTransaction) throws -> DueCreation? {
        guard let link = try transaction.links.get(item.linkID), link.state == .pending,
              let ids = try transaction.links.creationIDs(link.id),
              let post = try transaction.posts.get(link.postID)
        else { return nil }
        return DueCreation(item: item, link: link, post: post, ids: ids)
    }

    private func send(_ creation: DueCreation, _ plan: CreationPlan) async throws -> Bool {
        let outcome: CreationRules.Outcome
        let retryAfter: Double?
        switch await client.create(plan) {
        case .created:
            (outcome, retryAfter) = (.confirmed, nil)
        case .retryLater(let evidence):
            (outcome, retryAfter) = (.retryLater(evidence.detail), evidence.retryAfterSeconds)
        case .rejected(let table, let evidence):
            (outcome, retryAfter) = (.rejected("\(table): \(evidence.detail)"), nil)
        }
        let now = settings.now()
        let attempts = creation.item.attempts + 1
        let delay = delay(after: outcome, attempts: attempts, retryAfter: retryAfter)
        let link = creation.link
        let confirmed = try await store.write { transaction in
            if case .transition(let transition) = CreationRules.effect(on: link, outcome: outcome) {
                do {
                    try transaction.links.applyTransition(link.id, expectedFrom: .pending, transition, actor: .reconciler, at: now)
                    return true
                } catch StoreError.unexpectedLinkState {
                    return false
                }
            }
            guard try transaction.outbox.get(link.id) != nil else { return false }
            try transaction.outbox.reschedule(link.id, attempts: attempts, nextAttemptAt: now.addingTimeInterval(delay), lastError: outcome.detail)
            return false
        }
        if confirmed {
            events.record(.transition(instance: instanceID, post: link.postID, from: .pending, to: .active, reason: .created))
            events.record(.outboxSent(instance: instanceID, post: link.postID, attempts: attempts))
        } else if let detail = outcome.detail {
            events.record(.outboxRetry(instance: instanceID, post: link.postID, attempts: attempts, nextAttemptInSeconds: delay, detail: detail))
        }
        return confirmed
    }

    /// Full-jitter backoff while the instance is unavailable; a refused payload is retried
    /// only slowly (the operator sees the error in `links show` and may unlink).
    private func delay(after outcome: CreationRules.Outcome, attempts: Int, retryAfter: Double?) -> Double {
        switch outcome {
        case .confirmed: 0
        case .retryLater: settings.outboxBackoff.delay(attempt: attempts, unitRandom: settings.unitRandom(), retryAfter: retryAfter)
        case .rejected: max(settings.rejectedRetrySeconds, retryAfter ?? 0)
        }
    }
}

extension CreationRules.Outcome {
    /// The failure text kept with the outbox item; nil when confirmed.
    var detail: String? {
        switch self {
        case .confirmed: nil
        case .retryLater(let detail), .rejected(let detail): detail
        }
    }
}
