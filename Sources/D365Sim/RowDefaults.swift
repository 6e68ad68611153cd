import Foundation

/// What the platform writes itself on a create or an update: the state and its default
/// status (each table's StateCode choices name their DefaultStatus), the owner (inferred:
/// the calling user, as WhoAmI names it; see WriteValidation.platformFills), the computed
/// `fullname` of people, and the created/modified times (PA `webapi/create-entity-web-api`
/// shows `createdon` on a row it has just created).
extension Organization {
    func applyPlatformColumns(to row: inout Row, entity: EntityDefinition, creating: Bool, now: Date = Date()) {
        let stamp = JSONValue.string(Self.timestamp(now))
        row.columns["modifiedon"] = stamp
        guard creating else { return }
        row.columns["createdon"] = stamp
        if row.columns["statecode"] == nil, let state = entity.attribute("statecode")?.options.first {
            row.columns["statecode"] = .integer(state.value)
            if row.columns["statuscode"] == nil, let status = state.related { row.columns["statuscode"] = .integer(status) }
        }
        if entity.allowsLookup("ownerid"), row.lookups["ownerid"] == nil {
            row.lookups["ownerid"] = LookupValue(entity: "systemuser", id: applicationUserID)
        }
        if let fullName = Self.fullName(row, entity: entity) { row.columns["fullname"] = .string(fullName) }
    }

    /// The application user's id, the same one `WhoAmI` answers.
    var applicationUserID: GUID { GUID(derivedFrom: name + "/applicationuser") }

    /// Lead and contact compute `fullname` (read-only on their pages) from the name parts;
    /// the simulator uses the default "first last" format.
    private static func fullName(_ row: Row, entity: EntityDefinition) -> String? {
        guard entity.primaryNameAttribute == "fullname", entity.attribute("fullname")?.isValidForCreate == false else { return nil }
        let parts = ["firstname", "lastname"].compactMap { row.columns[$0]?.stringValue }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Dataverse's `Edm.DateTimeOffset` form, UTC to the second: `2024-01-01T00:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
