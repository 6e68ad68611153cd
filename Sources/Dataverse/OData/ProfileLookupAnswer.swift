import SocialSyncCore

/// Reads the answer of a creation's profile lookup (`socialprofiles?$select=<key>,_customerid_value&$filter=…`).
enum ProfileLookupAnswer {
    /// The first profile found and the customer it is tied to; `.notFound` for an empty
    /// `value`; nil when the answer is not a page of profiles with GUID keys. A customer
    /// without its table annotation is not used (the bind needs the table).
    static func author(_ root: [String: Any], key: String) -> AuthorProfile? {
        guard let rows = root["value"] as? [Any] else { return nil }
        guard let row = rows.first else { return .notFound }
        guard let profile = row as? [String: Any], let id = profile[key] as? String, GUID.isValid(id) else { return nil }
        let customer: RecordReference? = {
            guard let customerID = profile["_customerid_value"] as? String, GUID.isValid(customerID),
                  let table = profile["_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] as? String
            else { return nil }
            return RecordReference(entity: table, id: customerID.lowercased())
        }()
        return .found(profileID: id.lowercased(), customer: customer)
    }
}
