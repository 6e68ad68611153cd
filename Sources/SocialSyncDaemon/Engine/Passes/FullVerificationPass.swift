import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// Verification (R20-R22): the entry point, and the full pass over every active and errored
/// link, in `VerificationBatch`es. Between full passes, change tracking verifies only what
/// changed (`ChangeTrackingPass`).
extension InstanceReconciler {
    /// Which links a verification covers.
    public enum VerificationScope: Sendable {
        /// Every active and errored link: the periodic pass.
        case all
        /// Only errored links: R14's recovery right after a healthy poll.
        case errored
    }

    /// The second seed table over the instance's links. Returns (links verified, links
    /// changed). With change tracking on every table in use, `.all` between full
    /// verifications verifies only the links a change names, the suspected, errored and
    /// newer links; the same rules and confirmations apply to them.
    @discardableResult
    public func verify(_ scope: VerificationScope) async throws -> (verified: Int, changed: Int) {
        try await timed(.verify) {
            let started = clock.now()
            let metadata = metadataCache()
            var tally = PassTally()
            switch scope {
            case .errored:
                try await verifyLinks(in: [.errored], metadata: metadata, into: &tally)
            case .all:
                if try await !verifyChanges(at: started, metadata: metadata, into: &tally) {
                    try await verifyEverything(at: started, metadata: metadata, into: &tally)
                }
            }
            // An incremental pass reads what changed by id.
            if tally.mode == nil { tally.mode = .ids }
            return ((tally.verified, tally.changed), tally)
        }
    }

    /// A full verification. Delta chains are started first (one request per 5000 rows of a
    /// table without one), so any change after that point is in the next delta and any
    /// change before it is seen by this pass. The mark only moves when every link got a
    /// definitive answer: an outage never lets a later pass skip what it did not see (N1).
    func verifyEverything(at started: Date, metadata: MetadataCache, into tally: inout PassTally) async throws {
        var deltaLinks = try await store.read { [instanceID] in try $0.changeTracking.deltaLinks(instanceID: instanceID) }
        for table in try await trackedTables(metadata) ?? [] where deltaLinks[table.entitySet] == nil {
            if case let .changed(_, deltaLink) = await client.startTracking(set: table.entitySet, key: table.key) {
                deltaLinks[table.entitySet] = deltaLink
            }
        }
        let highestID = try await store.read { try $0.links.highestID() }
        try await verifyLinks(in: [.active, .errored], metadata: metadata, into: &tally)
        guard tally.undetermined == 0 else { return }
        try await store.write { [instanceID, deltaLinks] transaction in
            for (entitySet, link) in deltaLinks {
                try transaction.changeTracking.setDeltaLink(instanceID: instanceID, entitySet: entitySet, link)
            }
            try transaction.changeTracking.setMark(instanceID: instanceID, VerificationMark(fullPassAt: started, verifiedThroughLinkID: highestID))
        }
    }
}
