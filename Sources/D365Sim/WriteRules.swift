/// Per-organization write behaviour a test sets through the admin API
/// (AdminAPI+WriteRules.swift): alternate keys, and tables that refuse every create.
struct WriteRules: Sendable {
    /// The answer a refused create gets, as the test chose it.
    struct Refusal: Sendable, Equatable {
        var status: Int
        var code: String
        var message: String
    }

    /// Entity set → the columns of its alternate key.
    var alternateKeys: [String: [String]] = [:]
    var refusedCreates: [String: Refusal] = [:]
}

extension Organization {
    /// Refuses a create the rules forbid: a refused table, or values colliding with an existing
    /// row on the table's alternate key. A collision answers 412 `0x80040237` "A record with
    /// matching key values already exists." (PA `webapi/compose-http-requests-handle-errors`,
    /// DuplicateRecord; public captures show the code for alternate keys) and creates nothing.
    mutating func checkCreateRules(_ row: Row, entity: EntityDefinition) throws(DataverseError) {
        if let refusal = writeRules.refusedCreates[entity.entitySetName] {
            throw DataverseError(status: refusal.status, code: refusal.code, message: refusal.message)
        }
        guard let key = writeRules.alternateKeys[entity.entitySetName], let rows = tables[entity.entitySetName]?.rows else { return }
        let values = key.map { row.columns[$0] }
        guard values.allSatisfy({ $0 != nil && $0 != .null }) else { return }
        if rows.values.contains(where: { existing in zip(key, values).allSatisfy { existing.columns[$0] == $1 } }) {
            counters.duplicateCreateAttempts += 1
            throw DataverseError(status: 412, code: "0x80040237", message: "A record with matching key values already exists.")
        }
    }
}
