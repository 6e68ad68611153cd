import Dataverse
import SocialSyncCore
import SocialSyncStore

/// The choice between reading the activities by id and reading their whole table, made per
/// instance and per pass (`VerificationModeChoice`, `verification_mode`).
extension InstanceReconciler {
    /// Verifies every link in `states`, in the mode this pass chooses, and says which in the tally.
    func verifyLinks(in states: [LinkState], metadata: MetadataCache, into tally: inout PassTally) async throws {
        let mode = try await verificationMode(for: states)
        tally.mode = mode
        switch mode {
        case .ids:
            for state in states {
                try await verifyBatches(LinkFilter(state: state, instanceID: instanceID), metadata: metadata, into: &tally)
            }
        case .table:
            try await verifyByTable(states, metadata: metadata, into: &tally)
        }
    }

    /// The configured mode, or for `auto` the one the links' share of the activity table
    /// calls for; the table's size is asked only when it can change the answer.
    func verificationMode(for states: [LinkState]) async throws -> VerificationMode {
        let setting = settings.verificationMode
        guard setting == .auto else { return VerificationModeChoice.mode(setting, links: 0, activities: nil) }
        let counts = try await store.read { [instanceID] in try $0.links.counts(instanceID: instanceID) }
        let links = states.reduce(0) { $0 + counts[$1, default: 0] }
        guard VerificationModeChoice.needsTableSize(setting, links: links) else { return .ids }
        return VerificationModeChoice.mode(setting, links: links, activities: await client.totalRecordCount(TrackedTable.activityEntity))
    }
}
