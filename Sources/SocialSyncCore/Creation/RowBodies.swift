import Foundation

/// The body of each create of a creation plan (R8). Which columns exist, may be set and how
/// long they may be comes from the table's metadata (`RowBody`); what goes in them is the
/// post, in the shape Social Engagement sent it (dataverse.md, "The payload MSE sent").
enum RowBodies {
    /// The author's contact: `lastname` is the name column a create may set (`fullname` is
    /// computed from the name parts). The post carries one name for its author.
    static func contact(_ post: Post, _ table: EntityMetadata) throws(CreationPlanningError) -> JSONValue {
        var body = RowBody(table)
        body.set("lastname", text: post.author)
        return try body.checked()
    }

    /// The author's profile in the post's community, tied to the author's contact.
    static func profile(_ post: Post, handle: String, contact: RecordReference, _ tables: CreationTables) throws(CreationPlanningError) -> JSONValue {
        var body = RowBody(tables.socialProfile)
        body.set("profilename", text: post.author)
        body.set("profilefullname", text: post.author)
        if let link = post.authorURL { body.set("profilelink", text: link) }
        body.set("uniqueprofileid", .string(handle))
        body.set("community", .integer(post.source.optionValue))
        body.bindIfPossible("customerid", to: contact, of: tables.contact)
        return try body.checked()
    }

    /// The record: its name, and every lookup the server demands that the author's customer
    /// can fill (a case's `customerid`). A lead is named by `lastname` and its topic `subject`.
    static func record(_ post: Post, customer: RecordReference, _ tables: CreationTables) throws(CreationPlanningError) -> JSONValue {
        let table = tables.record
        var body = RowBody(table)
        if let name = table.primaryNameAttribute { body.set(name, text: subject(post)) }
        body.set("subject", text: subject(post))
        body.set("lastname", text: post.author)
        let customerTable = try tables.metadata(of: customer)
        for attribute in table.attributes ?? [] where attribute.requiredLevel == .systemRequired && ["Customer", "Lookup"].contains(attribute.attributeType) {
            body.bindIfPossible(attribute.logicalName, to: customer, of: customerTable)
        }
        return try body.checked()
    }

    /// The social activity: MSE's columns, regarding the record, posted from the profile
    /// and authored by the author's customer.
    static func activity(
        _ post: Post, record: RecordReference, profileID: String, author: RecordReference, _ tables: CreationTables
    ) throws(CreationPlanningError) -> JSONValue {
        var body = RowBody(tables.socialActivity)
        body.set("subject", text: subject(post))
        body.set("description", text: post.text)
        body.set("posturl", text: post.url)
        body.set("postid", text: post.id)
        body.set("postedon", .string(post.publishedAt.formatted(.iso8601)))
        // 0 public: posts found by listening are public (PA `reference/entities/socialactivity`).
        body.set("postmessagetype", .integer(0))
        body.set("community", .integer(post.source.optionValue))
        body.set("sentimentvalue", post.sentiment.map { .integer($0.rawValue) } ?? .null)
        // false: incoming, the post came from the customer.
        body.set("directioncode", .bool(false))
        let paramsLength = tables.socialActivity.attribute("activityadditionalparams")?.maxLength
            ?? ColumnLengths.documented(table: "socialactivity", column: "activityadditionalparams")
        body.set("activityadditionalparams", .string(additionalParams(post, recordTable: record.entity, maxLength: paramsLength)))
        try body.bind("regardingobjectid", to: record, of: tables.record)
        try body.bind("postfromprofileid", to: RecordReference(entity: tables.socialProfile.logicalName, id: profileID), of: tables.socialProfile)
        let authorTable = try tables.metadata(of: author)
        body.bindIfPossible("postauthor", to: author, of: authorTable)
        body.bindIfPossible("postauthoraccount", to: author, of: authorTable)
        return try body.checked()
    }

    /// The nested object MSE sent, as a JSON string. Tags are ours and come last: they are
    /// added one by one while the memo's length allows, so the documented keys always fit.
    static func additionalParams(_ post: Post, recordTable: String, maxLength: Int) -> String {
        let urlLength = 2000
        let fixed: [(key: String, value: JSONValue)] = [
            (key: "targetEntityName", value: .string("socialactivity")),
            (key: "userPreferredTargetEntity", value: .string(recordTable)),
            (key: "socialHandle", value: .string(ColumnText.truncated(post.author, maxLength: ColumnLengths.unknown))),
            (key: "profileName", value: .string(ColumnText.truncated(post.author, maxLength: ColumnLengths.unknown))),
            (key: "profilelink", value: .string(ColumnText.truncated(post.authorURL ?? "", maxLength: urlLength))),
            (key: "fullName", value: .string(ColumnText.truncated(post.author, maxLength: ColumnLengths.unknown))),
            (key: "community", value: .integer(post.source.optionValue)),
            (key: "MSEbacklinkPost", value: .string(ColumnText.truncated(post.url, maxLength: urlLength))),
        ]
        var tags: [JSONValue] = []
        for tag in post.tags {
            let candidate = JSONValue.object(fixed + [(key: "tags", value: .array(tags + [.string(tag)]))])
            guard candidate.rendered().utf16.count <= maxLength else { break }
            tags.append(.string(tag))
        }
        return JSONValue.object(fixed + [(key: "tags", value: .array(tags))]).rendered()
    }

    /// MSE's subject: the post's title, or its first characters. Posts here carry no
    /// title, so the text with line breaks folded into spaces.
    static func subject(_ post: Post) -> String {
        post.text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension CreationTables {
    /// The metadata of the table a customer row belongs to (a contact or an account).
    func metadata(of row: RecordReference) throws(CreationPlanningError) -> EntityMetadata {
        if row.entity == contact.logicalName { return contact }
        if let account, row.entity == account.logicalName { return account }
        throw .missingMetadata(table: row.entity)
    }
}
