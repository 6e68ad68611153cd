import SocialSyncCore

/// The columns a verification reads from a record table: the key, which decides whether the
/// record exists, and R16's details (primary name, `statecode`, `statuscode`, `modifiedon`),
/// which come along in the same requests. A detail column is selected only when the table's
/// metadata lists it (or, without listed columns, for a standard table whose reference page
/// documents it): a `$select` naming a column the table lacks fails the whole read, and
/// details must never cost a verification.
struct RecordColumns: Sendable, Equatable {
    static let state = "statecode"
    static let status = "statuscode"
    static let modifiedOn = "modifiedon"
    /// The annotation Dataverse adds for a column's label when asked with
    /// `Prefer: odata.include-annotations` (PA `webapi/query/select-columns`, "Formatted values").
    static let formattedValue = "@OData.Community.Display.V1.FormattedValue"

    var key: String
    var name: String?
    var details: [String]

    init(_ metadata: EntityMetadata) {
        key = metadata.primaryIdAttribute
        let wanted = [Self.state, Self.status, Self.modifiedOn]
        if let attributes = metadata.attributes {
            let names = Set(attributes.map(\.logicalName))
            name = metadata.primaryNameAttribute.flatMap { names.contains($0) ? $0 : nil }
            details = wanted.filter(names.contains)
        } else {
            name = metadata.primaryNameAttribute
            details = EntityMetadata.documented(metadata.logicalName) == nil ? [] : wanted
        }
    }

    /// The `$select` value: the key first.
    var select: String {
        ([key] + (name.map { [$0] } ?? []) + details).joined(separator: ",")
    }
}
