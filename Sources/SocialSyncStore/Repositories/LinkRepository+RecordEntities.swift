extension LinkRepository {
    /// The record tables the links of an instance use, for the metadata refresh (R4) and
    /// every verification pass. A skip scan: each step seeks the next table name in
    /// `links_by_instance_entity`, so the cost follows the number of tables, not of links.
    public func recordEntities(instanceID: String) throws(StoreError) -> Set<String> {
        Set(try database().query(
            """
            WITH RECURSIVE entities(name) AS (
                SELECT min(record_entity) FROM links WHERE instance_id = ?1
                UNION ALL
                SELECT (SELECT min(record_entity) FROM links WHERE instance_id = ?1 AND record_entity > entities.name)
                FROM entities WHERE entities.name IS NOT NULL
            )
            SELECT name FROM entities WHERE name IS NOT NULL
            """, .text(instanceID)
        ) { $0.text(0) })
    }
}
