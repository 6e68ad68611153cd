import Foundation
import SocialSyncCore
import SocialSyncStore

/// The administrator's instance actions that touch links, each inside the caller's write
/// transaction so the instance change and every link transition commit together.
struct InstanceAdministration {
    enum AddOutcome {
        case added(Instance)
        /// R9: the deleted instance came back; `restorable` links wait for R30's check,
        /// `relinked` posts were linked elsewhere meanwhile and are left alone (R31).
        case reassociated(Instance, restorable: Int, relinked: Int)
    }

    let transaction: WriteTransaction
    let now: Date

    /// Adds a connection, or re-associates the deleted one of the same organization.
    func add(_ candidate: Instance) throws -> AddOutcome {
        guard let deleted = try transaction.instances.reassociationCandidate(url: candidate.url, organizationID: nil) else {
            try transaction.instances.insert(candidate)
            return .added(candidate)
        }
        var revived = deleted
        revived.name = candidate.name
        revived.tenantID = candidate.tenantID
        revived.clientID = candidate.clientID
        revived.clientSecretFile = candidate.clientSecretFile
        revived.tokenURL = candidate.tokenURL
        revived.connectedOn = now
        revived.isDeleted = false
        revived.isEnabled = candidate.isEnabled
        revived.isDefault = false
        revived.verdict = .unknown
        revived.verdictSince = nil
        try transaction.instances.update(revived)
        if candidate.isDefault { try transaction.instances.setDefault(revived.id) }

        let (restorable, relinked) = try transaction.links.markRestorable(removedWith: revived.id)
        return .reassociated(revived, restorable: restorable, relinked: relinked)
    }

    /// R3 with R6's guard: links are kept but errored; the default flag goes (ours).
    func disable(_ id: String) throws -> Int {
        var instance = try InstanceCommands.existing(id, transaction)
        guard !instance.isDeleted else { throw AdministrationError.instanceNotAcceptingLinks(id, why: "it is deleted") }
        try InstanceGuards.checkNoActiveRules(action: "disable", instance: instance, rules: try transaction.rules.active(targeting: id))
        instance.isEnabled = false
        instance.isDefault = false
        try transaction.instances.update(instance)
        return try applyInstanceRules(to: id)
    }

    /// R5 with R6's guard: current links are removed, pending creations cancelled.
    func delete(_ id: String) throws -> Int {
        let instance = try InstanceCommands.existing(id, transaction)
        guard !instance.isDeleted else { throw AdministrationError.instanceNotAcceptingLinks(id, why: "it is already deleted") }
        try InstanceGuards.checkNoActiveRules(action: "delete", instance: instance, rules: try transaction.rules.active(targeting: id))
        try transaction.instances.markDeleted(id, at: now)
        // R10: the deleted instance is marked disabled and offered for nothing.
        var deleted = try InstanceCommands.existing(id, transaction)
        deleted.isEnabled = false
        try transaction.instances.update(deleted)
        return try applyInstanceRules(to: id)
    }

    /// The first seed table over the instance's links, as the daemon's poll applies it;
    /// returns how many changed.
    func applyInstanceRules(to id: String) throws -> Int {
        let ledger = LinkLedger(transaction, actor: .admin, at: now, keepingChanges: false)
        try ledger.applyInstanceRules(instanceID: id)
        return ledger.changeCount
    }
}
