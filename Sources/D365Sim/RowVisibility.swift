/// Rows the application user may not read: what a security role or a change of business
/// unit does to a user with less than organization-level read (docs/dataverse.md review B3, S6).
/// Set by the admin API (`PUT`/`DELETE /_admin/orgs/{org}/hidden/{set}/{id}`).
///
/// How Dataverse treats such rows, as documented:
/// - collection reads leave them out: "Records aren't returned if the expression evaluates
///   to `false` or `null`, or if the user doesn't have read access to the record" (PA
///   `webapi/query/filter-rows`);
/// - a direct read is refused with 403, the status of `PrivilegeDenied` and
///   `PrincipalPrivilegeDenied` (PA `webapi/compose-http-requests-handle-errors`);
/// - a change-tracking read of the table fails: "The calling user must have organization
///   level read access to the table. If the user has limited read access, the system throws
///   a privilege check error." (PA `use-change-tracking-synchronize-data-external-systems`).
struct RowVisibility: Sendable, Equatable {
    private var hidden: [String: Set<GUID>] = [:]

    func isHidden(set: String, id: GUID) -> Bool {
        hidden[set]?.contains(id) ?? false
    }

    func hidesAny(in set: String) -> Bool {
        !(hidden[set]?.isEmpty ?? true)
    }

    mutating func hide(set: String, id: GUID) {
        hidden[set, default: []].insert(id)
    }

    mutating func show(set: String, id: GUID) {
        hidden[set]?.remove(id)
    }
}

extension Organization {
    /// The refusal of a read the application user has no privilege for. Code `0x80040220`
    /// is `PrivilegeDenied` (-2147220960 in the SDK); the message follows the one Microsoft's
    /// case-management FAQ shows for a missing read privilege ("Principal user (Id=…, type=8,
    /// roleCount=5, privilegeCount=465, accessMode=0), is missing prvReadincident privilege
    /// (Id=…) on OTC=112 for entity 'incident'. context.Caller=…"). Made up: the counts, the
    /// access mode, the privilege id, and the object type code of tables other than incident
    /// (left out); the same answer for a tracked read, whose privilege error is not shown.
    func privilegeDenied(_ entity: EntityDefinition) -> DataverseError {
        let user = GUID(derivedFrom: name + "/applicationuser")
        let privilege = GUID(derivedFrom: "prvRead" + entity.logicalName)
        let objectType = entity.logicalName == "incident" ? " on OTC=112" : ""
        return DataverseError(
            status: 403, code: "0x80040220",
            message: "Principal user (Id=\(user), type=8, roleCount=1, privilegeCount=120, accessMode=4), is missing prvRead\(entity.logicalName) privilege (Id=\(privilege))\(objectType) for entity '\(entity.logicalName)'. context.Caller=\(user)")
    }
}
