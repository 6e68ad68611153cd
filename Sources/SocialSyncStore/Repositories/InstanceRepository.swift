import Foundation
import SocialSyncCore

/// Instances (connections to Dataverse organizations) and the daemon's bookkeeping about
/// them. Deletion is a tombstone: the row stays for re-association (R9, R30, R31).
public struct InstanceRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String {
        """
        id, name, url, tenant_id, client_id, client_secret_file, token_url, organization_id, language, \
        connected_on, is_default, is_enabled, is_deleted, verdict, verdict_since, last_checked, organization_mismatch
        """
    }

    public func get(_ id: String) throws(StoreError) -> Instance? {
        try database().queryFirst("SELECT \(Self.columns) FROM instances WHERE id = ?", .text(id), row: Self.decode)
    }

    /// Every instance, deleted ones included, ordered by id.
    public func all() throws(StoreError) -> [Instance] {
        try database().query("SELECT \(Self.columns) FROM instances ORDER BY id", row: Self.decode)
    }

    /// R9: the deleted instance a new connection to `url` (and `organizationID`, once
    /// known) re-associates, if any.
    public func reassociationCandidate(url: URL, organizationID: String?) throws(StoreError) -> Instance? {
        let deleted = try database().query("SELECT \(Self.columns) FROM instances WHERE is_deleted = 1 ORDER BY id", row: Self.decode)
        return deleted.first { Reassociation.isSameOrganization(url: url, organizationID: organizationID, as: $0) }
    }

    /// R9 once a new connection's organization id is known: the deleted instance of that
    /// organization, if one was polled before its deletion.
    public func deleted(organizationID: String) throws(StoreError) -> Instance? {
        try database().queryFirst(
            "SELECT \(Self.columns) FROM instances WHERE is_deleted = 1 AND lower(organization_id) = lower(?) ORDER BY id",
            .text(organizationID), row: Self.decode)
    }

    /// The verdict seen on recent polls that has not taken effect yet (flap control).
    public func verdictStreak(_ id: String) throws(StoreError) -> Streak<Verdict>? {
        let row = try database().queryFirst(
            "SELECT pending_verdict, pending_verdict_count FROM instances WHERE id = ?", .text(id)
        ) { row throws(StoreError) in (try row.optionalValue(0, Verdict.self), row.int(1)) }
        guard let row else { throw .unknownInstance(id: id) }
        return row.0.map { Streak(answer: $0, count: row.1) }
    }

    /// The end of a 429's Retry-After: no request goes to the instance before it.
    public func throttledUntil(_ id: String) throws(StoreError) -> Date? {
        let row = try database().queryFirst("SELECT throttled_until FROM instances WHERE id = ?", .text(id)) { $0.optionalDate(0) }
        guard let row else { throw .unknownInstance(id: id) }
        return row
    }

    /// When the instance was deleted, nil if it is not (or was re-associated since).
    public func deletedAt(_ id: String) throws(StoreError) -> Date? {
        let row = try database().queryFirst("SELECT deleted_at FROM instances WHERE id = ?", .text(id)) { $0.optionalDate(0) }
        guard let row else { throw .unknownInstance(id: id) }
        return row
    }

    static func decode(_ row: Statement) throws(StoreError) -> Instance {
        Instance(
            id: row.text(0), name: row.text(1), url: try row.url(2), tenantID: row.text(3), clientID: row.text(4),
            clientSecretFile: row.text(5), tokenURL: try row.optionalURL(6), organizationID: row.optionalText(7),
            language: row.optionalText(8), connectedOn: row.date(9), isDefault: row.bool(10), isEnabled: row.bool(11),
            isDeleted: row.bool(12), verdict: try row.value(13), verdictSince: row.optionalDate(14),
            lastChecked: row.optionalDate(15), organizationMismatch: row.bool(16)
        )
    }
}

extension InstanceRepository where Access == WriteAccess {
    /// Adds a connection. One marked default takes the flag from every other (R2).
    public func insert(_ instance: Instance) throws(StoreError) {
        if instance.isDefault { try setDefault(nil) }
        do throws(StoreError) {
            try database().run(
                "INSERT INTO instances (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                .text(instance.id), .text(instance.name), .text(instance.url.absoluteString), .text(instance.tenantID),
                .text(instance.clientID), .text(instance.clientSecretFile), .text(instance.tokenURL?.absoluteString),
                .text(instance.organizationID), .text(instance.language), .date(instance.connectedOn),
                .bool(instance.isDefault), .bool(instance.isEnabled), .bool(instance.isDeleted), .raw(instance.verdict),
                .date(instance.verdictSince), .date(instance.lastChecked), .bool(instance.organizationMismatch)
            )
        } catch where error.isConstraintViolation(on: .primaryKey, .unique) {
            throw .duplicateInstance(id: instance.id)
        }
    }

    /// Saves every field of `instance` (by id). One marked default takes the flag from
    /// every other (R2); one no longer deleted forgets its deletion time.
    public func update(_ instance: Instance) throws(StoreError) {
        if instance.isDefault { try setDefault(nil) }
        let changed = try database().run(
            """
            UPDATE instances SET name = ?, url = ?, tenant_id = ?, client_id = ?, client_secret_file = ?, token_url = ?,
            organization_id = ?, language = ?, connected_on = ?, is_default = ?, is_enabled = ?, is_deleted = ?,
            verdict = ?, verdict_since = ?, last_checked = ?, organization_mismatch = ?,
            deleted_at = CASE WHEN ? = 1 THEN deleted_at END
            WHERE id = ?
            """,
            .text(instance.name), .text(instance.url.absoluteString), .text(instance.tenantID), .text(instance.clientID),
            .text(instance.clientSecretFile), .text(instance.tokenURL?.absoluteString), .text(instance.organizationID),
            .text(instance.language), .date(instance.connectedOn), .bool(instance.isDefault), .bool(instance.isEnabled),
            .bool(instance.isDeleted), .raw(instance.verdict), .date(instance.verdictSince), .date(instance.lastChecked),
            .bool(instance.organizationMismatch), .bool(instance.isDeleted), .text(instance.id)
        )
        if changed == 0 { throw .unknownInstance(id: instance.id) }
    }

    /// Makes `id` the only default instance (R2), or clears the default when nil. The
    /// guards (enabled, not deleted) are the caller's, through `InstanceGuards`.
    public func setDefault(_ id: String?) throws(StoreError) {
        let database = try database()
        try database.run("UPDATE instances SET is_default = 0 WHERE is_default = 1")
        guard let id else { return }
        if try database.run("UPDATE instances SET is_default = 1 WHERE id = ?", .text(id)) == 0 {
            throw .unknownInstance(id: id)
        }
    }

    /// The tombstone of R5/R10: marked deleted and no longer default, the row kept. The
    /// links are the caller's to remove, through `LinkRepository.applyTransition`.
    public func markDeleted(_ id: String, at time: Date) throws(StoreError) {
        let changed = try database().run(
            "UPDATE instances SET is_deleted = 1, is_default = 0, deleted_at = ? WHERE id = ?", .date(time), .text(id)
        )
        if changed == 0 { throw .unknownInstance(id: id) }
    }

    /// Records one poll (see `ProbeRecord`): the verdict the instance is held to
    /// (`verdict_since` moves only when it changes), when it was checked, the streak still
    /// pending (flap control), what the instance said about itself and a 429's deadline.
    public func recordProbe(_ id: String, _ probe: ProbeRecord) throws(StoreError) {
        let changed = try database().run(
            """
            UPDATE instances SET verdict_since = CASE WHEN verdict = ?1 AND verdict_since IS NOT NULL THEN verdict_since ELSE ?2 END,
            verdict = ?1, last_checked = ?2, pending_verdict = ?3, pending_verdict_count = ?4,
            organization_id = coalesce(?5, organization_id), organization_mismatch = coalesce(?6, organization_mismatch),
            language = coalesce(?7, language), throttled_until = ?8
            WHERE id = ?9
            """,
            .raw(probe.verdict), .date(probe.checkedAt), .raw(probe.pendingStreak?.answer), .integer(probe.pendingStreak?.count ?? 0),
            .text(probe.organizationID), probe.organizationMismatch.map { .bool($0) } ?? .null, .text(probe.language),
            .date(probe.throttledUntil), .text(id)
        )
        if changed == 0 { throw .unknownInstance(id: id) }
    }
}
