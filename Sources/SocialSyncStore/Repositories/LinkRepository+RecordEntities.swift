extension LinkRepository {
    /// The record tables the links of an instance use, for the metadata refresh (R4).
    public func recordEntities(instanceID: String) throws(StoreError) -> Set<String> {
        Set(try database().query("SELECT DISTINCT record_entity FROM links WHERE instance_id = ?", .text(instanceID)) { $0.text(0) })
    }
}
