import SocialSyncCore

/// Automation rules, which route posts to an instance and, while active, block disabling
/// or deleting it (R6).
public struct RuleRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String { "id, instance_id, match, record_entity, is_active" }

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

    static func decode(_ row: Statement) throws(StoreError) -> AutomationRule {
        AutomationRule(id: row.text(0), instanceID: row.text(1), match: row.optionalText(2), recordEntity: row.text(3), isActive: row.bool(4))
    }
}

extension RuleRepository where Access == WriteAccess {
    /// Fails with `duplicateRule`, or `unknownInstance` when the target does not exist.
    public func insert(_ rule: AutomationRule) throws(StoreError) {
        do throws(StoreError) {
            try database().run(
                "INSERT INTO rules (\(Self.columns)) VALUES (?, ?, ?, ?, ?)",
                .text(rule.id), .text(rule.instanceID), .text(rule.match), .text(rule.recordEntity), .bool(rule.isActive)
            )
        } catch where error.isConstraintViolation(on: .primaryKey, .unique) {
            throw .duplicateRule(id: rule.id)
        } catch where error.isConstraintViolation(on: .foreignKey) {
            throw .unknownInstance(id: rule.instanceID)
        }
    }

    public func setActive(_ id: String, _ isActive: Bool) throws(StoreError) {
        if try database().run("UPDATE rules SET is_active = ? WHERE id = ?", .bool(isActive), .text(id)) == 0 {
            throw .unknownRule(id: id)
        }
    }

    public func delete(_ id: String) throws(StoreError) {
        if try database().run("DELETE FROM rules WHERE id = ?", .text(id)) == 0 {
            throw .unknownRule(id: id)
        }
    }
}
