import Foundation
import SocialSyncCore

/// Automation rules, which route posts to an instance and, while active, block disabling
/// or deleting it (R6).
public struct RuleRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String { "id, instance_id, match, record_entity, is_active, activated_at, routed" }

    public func get(_ id: String) throws(StoreError) -> AutomationRule? {
        try database().queryFirst("SELECT \(Self.columns) FROM rules WHERE id = ?", .text(id), row: Self.decode)
    }

    /// Every rule, ordered by id.
    public func all() throws(StoreError) -> [AutomationRule] {
        try database().query("SELECT \(Self.columns) FROM rules ORDER BY id", row: Self.decode)
    }

    /// R6: the active rules that route posts to `instanceID`, ordered by id.
    public func active(targeting instanceID: String) throws(StoreError) -> [AutomationRule] {
        try database().query(
            "SELECT \(Self.columns) FROM rules WHERE instance_id = ? AND is_active = 1 ORDER BY id", .text(instanceID), row: Self.decode
        )
    }

    /// Every active rule, for routing an import (R40-R42).
    public func active() throws(StoreError) -> [AutomationRule] {
        try database().query("SELECT \(Self.columns) FROM rules WHERE is_active = 1 ORDER BY id", row: Self.decode)
    }

    static func decode(_ row: Statement) throws(StoreError) -> AutomationRule {
        AutomationRule(
            id: row.text(0), instanceID: row.text(1), match: row.optionalText(2), recordEntity: row.text(3), isActive: row.bool(4),
            activatedAt: row.optionalDate(5), routed: row.int(6))
    }
}

extension RuleRepository where Access == WriteAccess {
    /// Fails with `duplicateRule`, or `unknownInstance` when the target does not exist.
    public func insert(_ rule: AutomationRule) throws(StoreError) {
        do throws(StoreError) {
            try database().run(
                "INSERT INTO rules (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                .text(rule.id), .text(rule.instanceID), .text(rule.match), .text(rule.recordEntity), .bool(rule.isActive),
                .date(rule.isActive ? rule.activatedAt : nil), .integer(rule.routed)
            )
        } catch where error.isConstraintViolation(on: .primaryKey, .unique) {
            throw .duplicateRule(id: rule.id)
        } catch where error.isConstraintViolation(on: .foreignKey) {
            throw .unknownInstance(id: rule.instanceID)
        }
    }

    /// Activating records the time (even for a rule already active: the last activation
    /// counts, R41); deactivating forgets it.
    public func setActive(_ id: String, _ isActive: Bool, at time: Date) throws(StoreError) {
        let changed = try database().run(
            "UPDATE rules SET is_active = ?, activated_at = ? WHERE id = ?", .bool(isActive), .date(isActive ? time : nil), .text(id))
        if changed == 0 {
            throw .unknownRule(id: id)
        }
    }

    /// Counts posts the rule routed in this transaction.
    public func addRouted(_ id: String, _ count: Int) throws(StoreError) {
        if try database().run("UPDATE rules SET routed = routed + ? WHERE id = ?", .integer(count), .text(id)) == 0 {
            throw .unknownRule(id: id)
        }
    }

    public func delete(_ id: String) throws(StoreError) {
        if try database().run("DELETE FROM rules WHERE id = ?", .text(id)) == 0 {
            throw .unknownRule(id: id)
        }
    }
}
