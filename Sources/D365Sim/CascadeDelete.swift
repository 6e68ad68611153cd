/// Deleting a row does to the rows that reference it what each many-to-one relationship's
/// CascadeConfiguration.Delete says (MicrosoftTables, as `CascadeOverrides` may have changed it): Cascade deletes them (and so on down),
/// RemoveLink empties their lookup, Restrict refuses the whole delete while any exist,
/// NoCascade leaves them be. Every deleted row is remembered for change tracking's
/// `$deletedEntity`, and every unlinked row gets a new version, as a write.
///
/// The referencing rows are found by scanning the referencing tables: the simulator keeps no
/// reverse index, so one delete costs a pass over those tables (tens of milliseconds for a
/// million social activities).
extension Organization {
    struct CascadeRefusal: Error {
        let relationship: String
    }

    /// Deletes the row, refusing while a Restrict relationship still has rows: 405 (PA
    /// `webapi/compose-http-requests-handle-errors` lists CannotDeleteDueToAssociation under
    /// 405) with that error's code and text from Microsoft's list of Dataverse error codes.
    mutating func deleteCascading(_ entity: EntityDefinition, id: GUID) throws(DataverseError) {
        do {
            try deleteWithCascade(entity, id: id)
        } catch {
            throw DataverseError(
                status: 405, code: "0x80040227",
                message: "The object you tried to delete is associated with another object and cannot be deleted.")
        }
    }

    /// The same for the admin API, which answers in its own error shape.
    mutating func deleteWithCascade(_ entity: EntityDefinition, id: GUID) throws(CascadeRefusal) {
        var deletions: [(set: String, id: GUID)] = []
        var unlinks: [(set: String, id: GUID, attribute: String)] = []
        var pending = [LookupValue(entity: entity.logicalName, id: id)]
        var seen: Set<String> = [entity.entitySetName + "/" + id.description]
        deletions.append((entity.entitySetName, id))
        while let target = pending.popLast() {
            for referencing in EntityCatalog.all {
                let relationships = referencing.manyToOne.filter { $0.referencedEntity == target.entity && cascades.cascade(of: $0).delete != "NoCascade" }
                guard !relationships.isEmpty, let rows = tables[referencing.entitySetName]?.rows else { continue }
                for (rowID, row) in rows {
                    for relationship in relationships where row.lookups[relationship.referencingAttribute] == target {
                        switch cascades.cascade(of: relationship).delete {
                        case "Restrict":
                            throw CascadeRefusal(relationship: relationship.schemaName)
                        case "RemoveLink":
                            unlinks.append((referencing.entitySetName, rowID, relationship.referencingAttribute))
                        default:
                            guard seen.insert(referencing.entitySetName + "/" + rowID.description).inserted else { continue }
                            deletions.append((referencing.entitySetName, rowID))
                            pending.append(LookupValue(entity: referencing.logicalName, id: rowID))
                        }
                    }
                }
            }
        }
        for deletion in deletions {
            let version = nextVersion()
            _ = tables[deletion.set]?.delete(deletion.id, version: version)
        }
        for unlink in unlinks where tables[unlink.set]?.rows[unlink.id] != nil {
            let version = nextVersion()
            tables[unlink.set]?.rows[unlink.id]?.lookups[unlink.attribute] = nil
            tables[unlink.set]?.rows[unlink.id]?.version = version
        }
    }
}
