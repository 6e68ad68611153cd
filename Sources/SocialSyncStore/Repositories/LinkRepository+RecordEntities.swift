import SocialSyncCore

extension LinkRepository {
    /// The record tables the links of an instance use, for the metadata refresh (R4) and
    /// every verification pass. A skip scan of `links_by_instance_state` per state: each
    /// step seeks the next table name, so the cost follows the number of states and
    /// tables, not of links.
    public func recordEntities(instanceID: String) throws(StoreError) -> Set<String> {
        let states = LinkState.allCases.map { "('\($0.rawValue)')" }.joined(separator: ", ")
        return Set(try database().query(
            """
            WITH RECURSIVE states(state) AS (VALUES \(states)),
            entities(state, name) AS (
                SELECT state, (SELECT min(record_entity) FROM links WHERE instance_id = ?1 AND links.state = states.state) FROM states
                UNION ALL
                SELECT state, (SELECT min(record_entity) FROM links
                               WHERE instance_id = ?1 AND links.state = entities.state AND record_entity > entities.name)
                FROM entities WHERE entities.name IS NOT NULL
            )
            SELECT name FROM entities WHERE name IS NOT NULL
            """, .text(instanceID)
        ) { $0.text(0) })
    }
}
