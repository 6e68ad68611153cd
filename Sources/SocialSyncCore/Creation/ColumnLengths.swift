/// Column lengths Microsoft's table reference documents, used only when an instance's
/// metadata does not report a column's `MaxLength` (D365 `ce/developer/reference/entities/<table>.md`;
/// PA `reference/entities/<table>`).
enum ColumnLengths {
    private static let documented: [String: Int] = [
        "socialactivity.subject": 200, "socialactivity.description": 2000, "socialactivity.posturl": 200,
        "socialactivity.postid": 160, "socialactivity.activityadditionalparams": 8192,
        "socialprofile.profilename": 100, "socialprofile.profilefullname": 160, "socialprofile.profilelink": 100,
        "socialprofile.uniqueprofileid": 100,
        "contact.lastname": 50, "contact.firstname": 50, "lead.lastname": 50, "lead.subject": 300, "incident.title": 200,
    ]

    /// Inferred for a column Microsoft lists no length for: 100 fits every standard table's
    /// name columns (the shortest documented above being 50 for person names, listed).
    static let unknown = 100

    static func documented(table: String, column: String) -> Int {
        documented["\(table).\(column)"] ?? unknown
    }
}
