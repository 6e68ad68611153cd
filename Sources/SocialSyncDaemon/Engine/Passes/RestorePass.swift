import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// Restoration (R30, R31) of the links waiting since their instance was re-associated: a
/// link whose activity still exists comes back, unless its post was linked elsewhere
/// meanwhile.
extension InstanceReconciler {
    public func restoreReassociated() async throws {
        try await timed(.restore) {
            var tally = PassTally()
            try await forEachBatch(LinkFilter(instanceID: instanceID, restorePendingOnly: true)) { batch in
                let activities = await client.observeActivities(batch.map(\.activityID))
                try Task.checkCancellation()
                tally.count(batch, changed: try await restore(batch, activities)) { activities[$0.activityID, default: .unknown] == .unknown }
            }
            return ((), tally)
        }
    }

    private func restore(_ batch: [Link], _ activities: [String: ActivityObservation]) async throws -> Int? {
        try await writeChangesWhileReady { [settings, instanceID] ledger in
            let transaction = ledger.transaction
            var changed = 0
            for link in batch {
                let newest = try transaction.links.newestLinkID(ofPost: link.postID) ?? link.id
                let linkedSince = try newest != link.id || transaction.links.current(ofPost: link.postID) != nil
                let streak = try transaction.links.suspicion(link.id)
                let decision = Reassociation.restoration(
                    of: link, postLinkedSince: linkedSince, activity: activities[link.activityID] ?? .unknown,
                    streak: streak, confirmations: settings.confirmations)
                if case .transition(let transition) = decision.effect {
                    if try ledger.apply(transition, to: link) != nil { changed += 1 }
                } else if decision.settled {
                    try transaction.links.setRestorePending(link.id, false)
                } else if decision.streak != streak {
                    try transaction.links.setSuspicion(link.id, decision.streak)
                }
            }
            // A restored link keeps its old id and missed the deltas while removed: the
            // next pass verifies everything instead of what changed.
            if changed > 0 { try transaction.changeTracking.removeMark(instanceID: instanceID) }
            return changed
        }
    }
}
