import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// The poll (R1, R9-R15): one health probe, recorded apart from what the administrator
/// owns, then the first seed table over the instance's links.
extension InstanceReconciler {
    /// What a poll found, for the scheduler to decide what comes next.
    public enum PollOutcome: Sendable, Equatable {
        /// The instance is gone from the store or deleted: its loop ends.
        case gone
        /// Disabled, throttled, not healthy or answering as another organization: no link
        /// is verified and nothing is sent.
        case unavailable
        /// Healthy, enabled, the same organization: links may be verified and creations
        /// sent; `hasErroredLinks` when errored links wait for R14's verification.
        case ready(hasErroredLinks: Bool)
    }

    /// One health poll and the first seed table (R10-R15), then R14's recovery check.
    public func poll() async throws -> PollOutcome {
        try await timed(.poll) { (try await pollOnce(), PassTally()) }
    }

    private func pollOnce() async throws -> PollOutcome {
        let started = clock.now()
        guard let state = try await store.read({ [instanceID] transaction in
            try transaction.instances.get(instanceID).map { ($0, try transaction.instances.verdictStreak(instanceID), try transaction.instances.throttledUntil(instanceID)) }
        }), !state.0.isDeleted else {
            return .gone
        }
        let (known, streak, throttledUntil) = state
        if !known.isEnabled {
            try await applyInstanceRules()
            return .unavailable
        }
        if let throttledUntil, throttledUntil > started {
            await client.seedThrottleDeadline(throttledUntil)
            return .unavailable
        }

        let probe = await client.probe()
        // A probe cut short by the daemon stopping is no verdict on the instance.
        try Task.checkCancellation()
        let decision = VerdictRules.decide(current: known.verdict, streak: streak, probed: probe.verdict, confirmations: settings.confirmations)
        let identity = OrganizationIdentity.reconcile(known: known.organizationID, observed: probe.organizationID)
        let deadline = await client.throttleDeadline()
        let now = clock.now()
        let observed = ProbeRecord(
            verdict: decision.verdict, pendingStreak: decision.streak, checkedAt: now, organizationID: identity.organizationID,
            // Only an answer naming an organization settles R1; a failed probe keeps the mark.
            organizationMismatch: probe.organizationID != nil ? identity.mismatch : nil,
            language: probe.language, throttledUntil: deadline)
        // The administrator may have disabled or deleted the instance while the probe was in
        // flight: the write records only what was observed, and what follows reads the
        // administrator's fields again inside the transaction.
        let (current, adoption) = try await store.write { [instanceID] transaction in
            try transaction.instances.recordProbe(instanceID, observed)
            guard let current = try transaction.instances.get(instanceID) else { return (Instance?.none, Adoption?.none) }
            let adoption = current.isDeleted ? nil : try Self.adoptDeletedOrganization(identity, into: instanceID, transaction)
            return (current, adoption)
        }
        guard current != nil else { return .gone }
        if let adoption {
            events.record(.instanceReassociated(instance: instanceID, deleted: adoption.deletedInstanceID, restorable: adoption.restorable, relinked: adoption.relinked))
        }
        events.record(.probed(instance: instanceID, probed: probe.verdict, held: decision.verdict, detail: probe.detail, seconds: now.timeIntervalSince(started)))
        if decision.verdict != known.verdict {
            events.record(.verdictChanged(instance: instanceID, from: known.verdict, to: decision.verdict, detail: probe.detail))
        }
        if identity.mismatch, let knownID = identity.organizationID {
            events.record(.organizationMismatch(instance: instanceID, known: knownID, observed: probe.organizationID ?? "?"))
        }
        if let deadline {
            events.record(.throttled(instance: instanceID, untilSeconds: deadline.timeIntervalSince(now)))
        }
        // Decided from the instance as it stood when its rules were applied, so an
        // administrator's change after the probe's write still counts.
        let (ruled, hasErrored) = try await applyInstanceRules()
        guard let ruled, !ruled.isDeleted else { return .gone }
        return ruled.isReadyForVerification ? .ready(hasErroredLinks: hasErrored) : .unavailable
    }

    /// R9 for a connection added under another id and URL than the deleted instance of its
    /// organization: on the poll that first learns the organization id, that instance's
    /// removed links come over to this one and wait for R30's check (R31's are left).
    struct Adoption: Sendable {
        var deletedInstanceID: String
        var restorable: Int
        var relinked: Int
    }

    static func adoptDeletedOrganization(_ identity: OrganizationIdentity.Outcome, into instanceID: String, _ transaction: WriteTransaction) throws -> Adoption? {
        guard identity.isFirstSighting, let organizationID = identity.organizationID,
              let deleted = try transaction.instances.deleted(organizationID: organizationID)
        else { return nil }
        let (restorable, relinked) = try transaction.links.markRestorable(removedWith: deleted.id, adoptedBy: instanceID)
        // Nothing moved (every post was re-linked, or an earlier connection took the links): nothing to report.
        return restorable == 0 ? nil : Adoption(deletedInstanceID: deleted.id, restorable: restorable, relinked: relinked)
    }

    /// The first seed table over every current link of the instance, decided inside the
    /// write from the instance as stored then. Returns that instance and whether errored
    /// links wait for verification (R14).
    @discardableResult
    func applyInstanceRules() async throws -> (Instance?, Bool) {
        try await writeChanges { [instanceID] ledger in
            let waiting = try ledger.applyInstanceRules(instanceID: instanceID)
            return (try ledger.transaction.instances.get(instanceID), waiting)
        }
    }
}
