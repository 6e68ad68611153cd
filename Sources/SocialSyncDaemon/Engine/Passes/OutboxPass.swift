import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// The outbox (R8, R8a, R44): due creations sent as the pacer admits them, each confirmed,
/// rescheduled or refused for good.
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
    /// R44: only as many as the pacer admits; the others wait, due, for the next flush (the
    /// flush never waits for the pacer, so verification keeps its turn). Returns how many
    /// were confirmed.
    @discardableResult
    public func flushOutbox() async throws -> Int {
        try await timed(.outbox) {
            let confirmed = try await flushDue()
            return (confirmed.sent, PassTally(verified: confirmed.attempted, changed: confirmed.sent))
        }
    }

    private func flushDue() async throws -> (attempted: Int, sent: Int) {
        let now = clock.now()
        let metadata = metadataCache()
        let due = try await store.read { [instanceID, settings] transaction in
            try transaction.outbox.due(at: now, instanceID: instanceID, limit: settings.outboxBatchSize).compactMap { item in
                try Self.dueCreation(item, transaction)
            }
        }
        var (attempted, confirmed) = (0, 0)
        for creation in due {
            try Task.checkCancellation()
            // The administrator may have disabled or deleted the instance since the poll.
            guard try await isStillReady(), pacer.admit(at: clock.now()) else { break }
            attempted += 1
            if try await send(creation, metadata: metadata) { confirmed += 1 }
            // A 429 on any of its requests (metadata, lookup, creates) says the budget is spent.
            if await client.throttleDeadline() != nil {
                pacer.throttled(at: clock.now())
                break
            }
        }
        let depth = try await store.read { try $0.outbox.count() }
        events.record(.outboxDepth(depth))
        return (attempted, confirmed)
    }

    /// The creation's plan from the metadata of the tables it writes, read from the
    /// instance on first need. nil while some of it cannot be read (the item waits, N1); a
    /// planning error when the instance's metadata rules the creation out.
    func plan(_ creation: DueCreation, metadata: MetadataCache) async throws -> Result<CreationPlan, CreationPlanningError>? {
        let recordType = creation.link.record.entity
        let stored = try await metadata.all()
        let missing = await CreationMetadata.missing(recordType: recordType, stored: stored, client: client)
        try Task.checkCancellation()
        guard case .success(let fetched) = missing else { return nil }
        try await metadata.remember(fetched)
        return CreationMetadata.tables(recordType: recordType, known: stored + fetched).flatMap { tables in
            Result { () throws(CreationPlanningError) in try CreationPlanner.plan(post: creation.post, tables: tables, ids: creation.ids) }
        }
    }

    static func dueCreation(_ item: OutboxItem, _ transaction: ReadTransaction) throws -> DueCreation? {
        guard let link = try transaction.links.get(item.linkID), link.state == .pending,
              let ids = try transaction.links.creationIDs(link.id),
              let post = try transaction.posts.get(link.postID)
        else { return nil }
        return DueCreation(item: item, link: link, post: post, ids: ids)
    }

    /// Plans and sends one creation. A plan the metadata cannot make (a table that became
    /// unlinkable since `links create` checked it) is a refusal by the instance too.
    private func send(_ creation: DueCreation, metadata: MetadataCache) async throws -> Bool {
        let outcome: CreationRules.Outcome
        let retryAfter: Double?
        var refusedTable = creation.link.record.entity
        switch try await plan(creation, metadata: metadata) {
        case nil:
            (outcome, retryAfter) = (.retryLater("metadata of the creation's tables not available yet"), nil)
        case .failure(let error)?:
            (outcome, retryAfter) = (.rejected(error.description), nil)
        case .success(let plan)?:
            let created = await client.create(plan)
            // Cancelled mid-way (the daemon stopping), the creation stays due unchanged: its
            // fixed ids make the next attempt confirm what may have been created (R8).
            try Task.checkCancellation()
            switch created {
            case .created:
                (outcome, retryAfter) = (.confirmed, nil)
            case .retryLater(let evidence):
                (outcome, retryAfter) = (.retryLater(evidence.detail), evidence.retryAfterSeconds)
            case .rejected(let table, let evidence):
                refusedTable = table
                (outcome, retryAfter) = (.rejected("\(table): \(evidence.detail)"), nil)
            }
        }
        let attempts = creation.item.attempts + 1
        let delay = delay(after: outcome, attempts: attempts, retryAfter: retryAfter)
        let link = creation.link
        let ended = try await writeChanges { ledger -> Transition? in
            if case .transition(let transition) = CreationRules.effect(on: link, outcome: outcome) {
                guard try ledger.apply(transition, to: link) != nil else { return nil }
                if let detail = outcome.detail { try ledger.transaction.links.setFailure(link.id, detail) }
                return transition
            }
            guard try ledger.transaction.outbox.get(link.id) != nil else { return nil }
            try ledger.transaction.outbox.reschedule(link.id, attempts: attempts, nextAttemptAt: ledger.time.addingTimeInterval(delay), lastError: outcome.detail)
            return nil
        }
        switch (ended, outcome) {
        case (.some, .confirmed):
            events.record(.outboxSent(instance: instanceID, post: link.postID, attempts: attempts))
            return true
        case (.some, .rejected(let detail)):
            events.record(.outboxRejected(instance: instanceID, post: link.postID, table: refusedTable, detail: detail))
        case (nil, .retryLater(let detail)):
            events.record(.outboxRetry(instance: instanceID, post: link.postID, attempts: attempts, nextAttemptInSeconds: delay, detail: detail))
        default:
            break
        }
        return false
    }

    /// Full-jitter backoff while the instance is unavailable; a creation that ended waits for nothing.
    private func delay(after outcome: CreationRules.Outcome, attempts: Int, retryAfter: Double?) -> Double {
        switch outcome {
        case .confirmed, .rejected: 0
        case .retryLater: settings.outboxBackoff.delay(attempt: attempts, unitRandom: clock.unitRandom(), retryAfter: retryAfter)
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
