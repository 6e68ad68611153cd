/// Dataverse fidelity (issue 10): creations that end (R8a), the author's contact, and the
/// columns and relationships of each table. Frozen once released: later changes are new migrations.
enum SchemaVersion3 {
    static let sql = """
    -- The client-chosen id of the author's contact, used when the author has no profile yet.
    ALTER TABLE links ADD COLUMN contact_id TEXT;
    -- Creations queued before this version get a contact id of their own (a random
    -- version-4 GUID), kept from then on like the other client-chosen ids.
    UPDATE links SET contact_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
        || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE profile_id IS NOT NULL;
    -- The instance's message when it refused a creation for good (R8a, state 'failed').
    ALTER TABLE links ADD COLUMN failure TEXT;
    -- JSON arrays of the table's columns and many-to-one relationships (R4); NULL when the
    -- instance did not report them.
    ALTER TABLE entity_metadata ADD COLUMN attributes TEXT;
    ALTER TABLE entity_metadata ADD COLUMN many_to_one TEXT;
    -- Metadata stored before lacks both; it is read again from each instance on first need.
    DELETE FROM entity_metadata;
    """

    /// Adds state `failed` and reason `creation_rejected` to the checked values of links and
    /// journal (`SchemaDefinitionEdit`: widening a CHECK changes no stored row).
    static func widenChecks(_ database: Database) throws(StoreError) {
        try SchemaDefinitionEdit.widen(database, tables: ["links", "journal"], [
            ("WHEN 'removed' THEN 1 ", "WHEN 'removed' THEN 1 WHEN 'failed' THEN 1 "),
            ("WHEN 'created' THEN 1 ", "WHEN 'created' THEN 1 WHEN 'creation_rejected' THEN 1 "),
        ])
    }
}
