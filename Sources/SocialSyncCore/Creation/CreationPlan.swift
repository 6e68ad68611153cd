import Foundation

/// Everything needed to create one link's rows in Dataverse: a lookup of the author's
/// profile, then the creates its answer calls for, in the order they must be sent.
///
/// Every id is chosen by the client before the first request, and every write only creates
/// (`If-None-Match: *`), so sending the plan again after a lost answer never duplicates: the
/// lookup then finds the profile made by the earlier try, and a row already there answers
/// 412 (dataverse.md, "Writes that can be retried"; behaviour.md R8).
public struct CreationPlan: Sendable, Equatable {
    public let post: Post
    public let tables: CreationTables
    public let ids: CreationIDs

    init(post: Post, tables: CreationTables, ids: CreationIDs) {
        self.post = post
        self.tables = tables
        self.ids = ids
    }

    public var record: RecordReference { RecordReference(entity: tables.record.logicalName, id: ids.recordID) }
    public var activityID: String { ids.activityID }

    /// The handle a profile is known by: `uniqueprofileid`, cut as the create cuts it so
    /// the lookup finds what an earlier try created.
    var handle: String {
        let length = tables.socialProfile.attribute("uniqueprofileid")?.maxLength
            ?? ColumnLengths.documented(table: "socialprofile", column: "uniqueprofileid")
        return ColumnText.truncated(post.author, maxLength: length)
    }

    /// `GET socialprofiles?$select=<key>,_customerid_value&$filter=statecode eq 0 and community eq N and uniqueprofileid eq '<handle>'`,
    /// with the customer's table annotation (dataverse.md: one profile per author and community).
    /// Only active profiles: an inactive one is not the author's profile any more. String
    /// filters ignore case (PA `webapi/query/filter-rows`), so handles differing only in
    /// case share a profile, as they do in Dataverse's own lookups.
    public var profileLookup: CreationRequest {
        let profile = tables.socialProfile
        let literal = "'" + handle.replacingOccurrences(of: "'", with: "''") + "'"
        let filter = "statecode eq 0 and community eq \(post.source.optionValue) and uniqueprofileid eq \(literal)"
        let query = "$select=\(profile.primaryIdAttribute),_customerid_value&$filter=\(QueryEncoding.value(filter))"
        return CreationRequest(
            method: "GET", path: "\(profile.entitySetName)?\(query)",
            headers: ["Prefer": "odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\""],
            body: nil, table: profile.logicalName, keyColumn: profile.primaryIdAttribute)
    }

    /// The creates for what the lookup found. `CreationPlanner` checked both of its branches
    /// (no profile; a profile tied to a contact); a profile tied to an account can still
    /// meet a table that cannot take an account as its customer, which throws.
    public func writes(for author: AuthorProfile) throws(CreationPlanningError) -> [CreationRequest] {
        var requests: [CreationRequest] = []
        let contact = RecordReference(entity: tables.contact.logicalName, id: ids.contactID)
        let profileID: String
        let customer: RecordReference
        switch author {
        case .notFound:
            requests.append(create(tables.contact, id: ids.contactID, body: try RowBodies.contact(post, tables.contact)))
            requests.append(create(tables.socialProfile, id: ids.profileID, body: try RowBodies.profile(post, handle: handle, contact: contact, tables)))
            (profileID, customer) = (ids.profileID, contact)
        case .found(let existing, let tiedTo?) where [tables.contact.logicalName, tables.account?.logicalName].contains(tiedTo.entity):
            (profileID, customer) = (existing, tiedTo)
        case .found(let existing, _):
            requests.append(create(tables.contact, id: ids.contactID, body: try RowBodies.contact(post, tables.contact)))
            (profileID, customer) = (existing, contact)
        }
        requests.append(create(tables.record, id: ids.recordID, body: try RowBodies.record(post, customer: customer, tables)))
        let activity = try RowBodies.activity(post, record: record, profileID: profileID, author: customer, tables)
        requests.append(create(tables.socialActivity, id: ids.activityID, body: activity))
        return requests
    }

    private func create(_ table: EntityMetadata, id: String, body: JSONValue) -> CreationRequest {
        CreationRequest(
            method: "PATCH", path: "\(table.entitySetName)(\(id))", headers: ["If-None-Match": "*"], body: body,
            table: table.logicalName, keyColumn: table.primaryIdAttribute)
    }

    /// The exact requests as indented JSON, printed as-is by `links create --dry-run`: the
    /// lookup, and the creates sent when it finds no profile for the author.
    public func rendered() -> String {
        JSONValue.object([
            (key: "lookup", value: profileLookup.renderedJSON),
            (key: "requests", value: .array(((try? writes(for: .notFound)) ?? []).map(\.renderedJSON))),
            (key: "when_profile_found", value: .string(
                "the contact and social profile requests are not sent: the record's customer and the activity's author are the contact the profile is tied to (a new contact when it has none), and the activity is posted from that profile")),
        ]).rendered(pretty: true)
    }
}
