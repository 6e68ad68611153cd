import Foundation

/// Builds the requests that create a record from a post (behaviour.md R8) in the shape
/// Social Engagement sent them (dataverse.md, "The payload MSE sent"), cut to the documented
/// column lengths (dataverse.md, "Tables").
public enum CreationPayload {
    public static let socialProfileSet = "socialprofiles"
    public static let socialActivitySet = "socialactivities"

    /// Column lengths from PA `reference/entities/socialactivity` and `socialprofile`.
    enum Limit {
        static let subject = 200
        static let description = 2000
        static let postURL = 200
        static let postID = 160
        static let additionalParams = 8192
        static let profileName = 100
        static let profileFullName = 160
        static let profileLink = 100
        static let uniqueProfileID = 100
        /// Inferred: Microsoft documents no common length for primary name columns; the standard
        /// record tables' are at least 100 (incident `title` 200, lead `fullname` 160), so 100 fits all.
        static let recordName = 100
        /// Inside the additional params no column limit applies, only the memo's 8192 in total;
        /// this keeps long URLs from crowding out the rest.
        static let paramsURL = 2000
    }

    public static func plan(post: Post, record metadata: EntityMetadata, ids: CreationIDs) -> CreationPlan {
        let record = RecordReference(entity: metadata.logicalName, id: ids.recordID)
        let createOnly = ["If-None-Match": "*"]
        return CreationPlan(
            profileID: ids.profileID, activityID: ids.activityID, record: record,
            requests: [
                CreationRequest(method: "PATCH", path: "\(socialProfileSet)(\(ids.profileID))", headers: createOnly, body: profileBody(post), table: "socialprofile"),
                CreationRequest(method: "PATCH", path: "\(metadata.entitySetName)(\(record.id))", headers: createOnly, body: recordBody(post, metadata), table: metadata.logicalName),
                CreationRequest(method: "PATCH", path: "\(socialActivitySet)(\(ids.activityID))", headers: createOnly, body: activityBody(post, metadata, record: record, profileID: ids.profileID), table: "socialactivity"),
            ])
    }

    /// The post's author. The post carries one name, used for handle, name and full name.
    static func profileBody(_ post: Post) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "profilename", value: .string(ColumnText.truncated(post.author, maxLength: Limit.profileName))),
            (key: "profilefullname", value: .string(ColumnText.truncated(post.author, maxLength: Limit.profileFullName))),
        ]
        if let link = post.authorURL {
            members.append((key: "profilelink", value: .string(ColumnText.truncated(link, maxLength: Limit.profileLink))))
        }
        members.append((key: "uniqueprofileid", value: .string(ColumnText.truncated(post.author, maxLength: Limit.uniqueProfileID))))
        members.append((key: "community", value: .integer(post.source.optionValue)))
        return .object(members)
    }

    /// Only the table's primary name column, from metadata. Microsoft does not document which
    /// other columns a record needs (a case may require a customer, a lead's `fullname` is
    /// computed from its parts): the safest reading sends no column we cannot know exists, and
    /// an instance that demands more rejects the creation with its own message.
    static func recordBody(_ post: Post, _ metadata: EntityMetadata) -> JSONValue {
        guard let nameColumn = metadata.primaryNameAttribute else { return .object([]) }
        return .object([(key: nameColumn, value: .string(ColumnText.truncated(subject(post), maxLength: Limit.recordName)))])
    }

    static func activityBody(_ post: Post, _ metadata: EntityMetadata, record: RecordReference, profileID: String) -> JSONValue {
        .object([
            (key: "subject", value: .string(ColumnText.truncated(subject(post), maxLength: Limit.subject))),
            (key: "description", value: .string(ColumnText.truncated(post.text, maxLength: Limit.description))),
            (key: "posturl", value: .string(ColumnText.truncated(post.url, maxLength: Limit.postURL))),
            (key: "postid", value: .string(ColumnText.truncated(post.id, maxLength: Limit.postID))),
            (key: "postedon", value: .string(post.publishedAt.formatted(.iso8601))),
            // 0 public: posts found by listening are public (PA `reference/entities/socialactivity`).
            (key: "postmessagetype", value: .integer(0)),
            (key: "community", value: .integer(post.source.optionValue)),
            (key: "sentimentvalue", value: post.sentiment.map { .integer($0.rawValue) } ?? .null),
            // false: incoming, the post came from the customer.
            (key: "directioncode", value: .bool(false)),
            (key: "activityadditionalparams", value: .string(additionalParams(post, metadata))),
            (key: "regardingobjectid_\(record.entity)@odata.bind", value: .string("/\(metadata.entitySetName)(\(record.id))")),
            (key: "postfromprofileid@odata.bind", value: .string("/\(socialProfileSet)(\(profileID))")),
        ])
    }

    /// The nested object MSE sent, as a JSON string. Tags are ours and come last: they are
    /// added one by one while the memo's 8192 characters allow, so the documented keys always fit.
    static func additionalParams(_ post: Post, _ metadata: EntityMetadata) -> String {
        let fixed: [(key: String, value: JSONValue)] = [
            (key: "targetEntityName", value: .string("socialactivity")),
            (key: "userPreferredTargetEntity", value: .string(metadata.logicalName)),
            (key: "profileName", value: .string(ColumnText.truncated(post.author, maxLength: Limit.profileName))),
            (key: "profilelink", value: .string(ColumnText.truncated(post.authorURL ?? "", maxLength: Limit.paramsURL))),
            (key: "fullName", value: .string(ColumnText.truncated(post.author, maxLength: Limit.profileFullName))),
            (key: "community", value: .integer(post.source.optionValue)),
            (key: "MSEbacklinkPost", value: .string(ColumnText.truncated(post.url, maxLength: Limit.paramsURL))),
        ]
        var tags: [JSONValue] = []
        for tag in post.tags {
            let candidate = JSONValue.object(fixed + [(key: "tags", value: .array(tags + [.string(tag)]))])
            guard candidate.rendered().utf16.count <= Limit.additionalParams else { break }
            tags.append(.string(tag))
        }
        return JSONValue.object(fixed + [(key: "tags", value: .array(tags))]).rendered()
    }

    /// MSE's subject: the post's title, or its first 200 characters. Posts here carry no
    /// title, so the text with line breaks folded into spaces.
    static func subject(_ post: Post) -> String {
        post.text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
