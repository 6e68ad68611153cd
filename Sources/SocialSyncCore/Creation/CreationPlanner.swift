import Foundation

/// Builds the requests that create a record from a post (R8) the way Dataverse accepts them
/// (dataverse.md, "Creating records the way Dataverse accepts them"): every column, length
/// and navigation property comes from the instance's metadata, and a table whose required
/// columns socialsync cannot fill is refused before anything is queued.
///
/// The flow, in Dataverse's order (each bind names a row that already exists): look up the
/// author's social profile by community and handle; without one, create a contact for the
/// author and a profile tied to it; create the record (a case's customer is the author's
/// contact); create the social activity regarding the record, posted from the profile and
/// authored by the contact.
public enum CreationPlanner {
    /// Checks that records of `tables.record` can be created, without a post: what
    /// `links create` and rules check before anything is stored.
    public static func check(_ tables: CreationTables) throws(CreationPlanningError) {
        _ = try plan(post: placeholderPost, tables: tables, ids: placeholderIDs)
    }

    public static func plan(post: Post, tables: CreationTables, ids: CreationIDs) throws(CreationPlanningError) -> CreationPlan {
        guard tables.socialActivity.manyToOne != nil else {
            throw .incompleteMetadata(table: tables.socialActivity.logicalName, missing: "many-to-one relationships")
        }
        guard tables.socialActivity.relationship("regardingobjectid", to: tables.record.logicalName) != nil else {
            throw .notARegardingTarget(table: tables.record.logicalName)
        }
        let plan = CreationPlan(post: post, tables: tables, ids: ids)
        // Both branches are built once here, so a plan that exists can always be sent.
        _ = try plan.writes(for: .notFound)
        _ = try plan.writes(for: .found(profileID: ids.profileID, customer: RecordReference(entity: tables.contact.logicalName, id: ids.contactID)))
        return plan
    }

    private static let placeholderPost = Post(
        id: "placeholder", url: "https://example.invalid/post", author: "author", text: "text", sentiment: nil, tags: [],
        source: .other, publishedAt: Date(timeIntervalSinceReferenceDate: 0))
    private static let placeholderIDs = CreationIDs(
        contactID: "00000000-0000-0000-0000-000000000001", profileID: "00000000-0000-0000-0000-000000000002",
        recordID: "00000000-0000-0000-0000-000000000003", activityID: "00000000-0000-0000-0000-000000000004")
}
