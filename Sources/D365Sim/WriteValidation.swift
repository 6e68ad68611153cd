/// The metadata rules a Web API write must satisfy beyond naming known columns: which
/// columns a create or an update may set, string lengths, and the columns a create must
/// carry. ApplicationRequired columns are required by forms only (PA
/// `webapi/query-metadata-web-api`, RequiredLevel; dataverse.md "Required and writable
/// columns come from metadata"), so the server, and the simulator, take a row without them.
enum WriteValidation {
    /// Columns the platform sets on a create when the caller does not: the key, the owner,
    /// the default state and status, the `...type` columns derived from a lookup, and what a
    /// create may not send at all. That `ownerid` (SystemRequired) is filled is inferred: the
    /// create samples of PA `webapi/create-entity-web-api` send none and succeed, and no page
    /// read says whom the platform makes the owner (the simulator: the calling user).
    static func platformFills(_ attribute: AttributeDefinition, of entity: EntityDefinition) -> Bool {
        attribute.logicalName == entity.primaryIdAttribute || attribute.type == "Owner" || attribute.type == "State"
            || attribute.type == "Status" || attribute.type == "EntityName" || !attribute.isValidForCreate
    }

    static func check(_ attribute: AttributeDefinition, entity: EntityDefinition, creating: Bool) throws(DataverseError) {
        guard creating ? !attribute.isValidForCreate : !attribute.isValidForUpdate else { return }
        // made up: Dataverse refuses a column whose IsValidForCreate (IsValidForUpdate) is false,
        // but no page documents the status, code or text; 400 with the catch-all code.
        throw .badQuery(
            "The '\(attribute.logicalName)' attribute of the '\(entity.logicalName)' entity cannot be set on \(creating ? "create" : "update"). (d365-sim: made-up message)"
        )
    }

    /// Strings longer than MaxLength are refused; .NET counts UTF-16 code units. The code is
    /// StringLengthTooLong, `0x80044331`, in Microsoft's list of Dataverse error codes
    /// (powerapps-docs `developer/data-platform/includes/data-service-error-codes.md`, whose
    /// text is the generic "A validation error occurred. A string value provided is too
    /// long."); the message names the column as public captures of this error show it. Made
    /// up: the status, 400, which no page gives for this code.
    static func checkLength(_ attribute: AttributeDefinition, _ value: JSONValue, entity: EntityDefinition) throws(DataverseError) {
        guard let maximum = attribute.maxLength, let text = value.stringValue, text.utf16.count > maximum else { return }
        throw DataverseError(
            status: 400, code: "0x80044331",
            message: "A validation error occurred. The length of the '\(attribute.logicalName)' attribute of the '\(entity.logicalName)' entity exceeded the maximum allowed length of '\(maximum)'."
        )
    }

    /// A create must carry every SystemRequired column the platform does not fill.
    static func checkRequired(_ changes: RowChanges, entity: EntityDefinition) throws(DataverseError) {
        for attribute in entity.attributes where attribute.requiredLevel == "SystemRequired" && !platformFills(attribute, of: entity) {
            let present = attribute.isLookup ? changes.lookups[attribute.logicalName] != nil : changes.columns[attribute.logicalName] != nil
            guard !present else { continue }
            if entity.logicalName == "incident" && attribute.logicalName == "customerid" {
                // unManagedidsincidentparentaccountandparentcontactnotpresent, `0x80044410`, in
                // Microsoft's list of Dataverse error codes (and KB 3094208). Made up: the status,
                // 400, which no page gives.
                throw DataverseError(status: 400, code: "0x80044410", message: "You should specify a parent contact or account.")
            }
            // made up: no page documents the answer to a create without a SystemRequired column.
            throw DataverseError(
                status: 400, code: "0x80040203",
                message: "The '\(attribute.logicalName)' attribute of the '\(entity.logicalName)' entity is required. (d365-sim: made-up message)")
        }
    }
}
