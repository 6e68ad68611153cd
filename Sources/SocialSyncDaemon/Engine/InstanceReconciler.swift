import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// Applies the core rules to what one instance answers, and writes every resulting link
/// change through the store with its journal row. Level-triggered: each step recomputes
/// what the rules demand from the stored state and fresh observations, so a step missed
/// by a crash is simply done by the next pass (N3).
///
/// Safety (N1): only definitive answers from a healthy instance, confirmed on
/// `confirmations` consecutive passes, break or remove a link; anything else keeps it.
public struct InstanceReconciler: Sendable {
    public let instanceID: String
    let store: StoreActor
    let client: DataverseClient
    let settings: ReconcilerSettings
    let events: any DaemonEventSink
    /// R44: how fast this instance's creations may go out.
    let pacer: CreationPacer

    public init(
        instanceID: String, store: StoreActor, client: DataverseClient, settings: ReconcilerSettings, events: any DaemonEventSink,
        pacer: CreationPacer
    ) {
        self.instanceID = instanceID
        self.store = store
        self.client = client
        self.settings = settings
        self.events = events
        self.pacer = pacer
    }

    /// What a poll found, for the scheduler to decide what comes next.
    public struct PollOutcome: Sendable, Equatable {
        /// The instance is gone from the store or deleted: stop its loop.
        public var isRetired: Bool
        /// Healthy, enabled, same organization: links may be verified and creations sent.
        public var canVerify: Bool
        /// Some errored links wait for R14's verification.
        public var hasErroredLinks: Bool
    }

    /// One health poll and the first seed table (R10-R15), then R14's recovery check.
    public func poll() async throws -> PollOutcome {
        let started = settings.now()
        guard let state = try await store.read({ [instanceID] transaction in
            try transaction.instances.get(instanceID).map { ($0, try transaction.instances.verdictStreak(instanceID), try transaction.instances.throttledUntil(instanceID)) }
        }), !state.0.isDeleted else {
            return PollOutcome(isRetired: true, canVerify: false, hasErroredLinks: false)
        }
        let (known, streak, throttledUntil) = state
        if !known.isEnabled {
            _ = try await applyInstanceRules()
            return PollOutcome(isRetired: false, canVerify: false, hasErroredLinks: false)
        }
        if let throttledUntil, throttledUntil > started {
            await client.seedThrottleDeadline(throttledUntil)
            return PollOutcome(isRetired: false, canVerify: false, hasErroredLinks: false)
        }

        let probe = await client.probe()
        // A probe cut short by the daemon stopping is no verdict on the instance.
        try Task.checkCancellation()
        let decision = VerdictRules.decide(current: known.verdict, streak: streak, probed: probe.verdict, confirmations: settings.confirmations)
        let identity = OrganizationIdentity.reconcile(known: known.organizationID, observed: probe.organizationID)
        let deadline = await client.throttleDeadline()
        let now = settings.now()
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
        guard let instance = current else { return PollOutcome(isRetired: true, canVerify: false, hasErroredLinks: false) }
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
        let hasErrored = try await applyInstanceRules()
        if instance.isDeleted { return PollOutcome(isRetired: true, canVerify: false, hasErroredLinks: false) }
        let canVerify = instance.verdict == .healthy && !instance.organizationMismatch && instance.acceptsNewLinks
        return PollOutcome(isRetired: false, canVerify: canVerify, hasErroredLinks: hasErrored)
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

    /// The first seed table over every current link of the instance. Returns whether errored
    /// links wait for verification (R14).
    func applyInstanceRules() async throws -> Bool {
        let now = settings.now()
        let (changes, waiting) = try await store.write { [instanceID] transaction in
            guard let instance = try transaction.instances.get(instanceID) else { return ([LinkChange](), false) }
            let condition = InstanceCondition(instance.organizationMismatch ? instance.withVerdict(.unknown) : instance)
            var changes: [LinkChange] = []
            var waiting = false
            for state in InstanceStatusRules.statesAffected(by: condition) {
                try transaction.links.forEach(LinkFilter(state: state, instanceID: instanceID)) { link in
                    switch InstanceStatusRules.effect(on: link, of: condition) {
                    case .transition(let transition):
                        try transaction.links.applyTransition(link.id, expectedFrom: link.state, transition, actor: .reconciler, at: now)
                        changes.append(LinkChange(post: link.postID, from: link.state, transition: transition))
                    case .verify: waiting = true
                    case .keep: break
                    }
                }
            }
            return (changes, waiting)
        }
        report(changes)
        return waiting
    }
}

extension Instance {
    /// A copy held to another verdict: an instance answering as another organization is
    /// treated as of unknown state, which changes no link (R1, N1).
    func withVerdict(_ verdict: Verdict) -> Instance {
        var copy = self
        copy.verdict = verdict
        return copy
    }
}
