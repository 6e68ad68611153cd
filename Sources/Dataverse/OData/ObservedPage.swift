import Foundation

/// One page of a batched read, decoded with `JSONDecoder` straight into the few columns a
/// verification needs: a page holds up to 5000 rows, and going through `JSONSerialization`'s
/// untyped dictionaries cost more CPU than the rest of a pass together.
struct ObservedPage<Row: Decodable & Sendable>: Decodable, Sendable {
    var rows: [Row]
    var nextLink: String?

    private enum CodingKeys: String, CodingKey {
        case rows = "value"
        case nextLink = "@odata.nextLink"
    }

    /// The page, or nil when the body is not a page of rows of the asked shape.
    static func decode(_ body: Data, recordColumns: RecordColumns? = nil) -> ObservedPage? {
        let decoder = JSONDecoder()
        if let recordColumns { decoder.userInfo[RecordRow.columns] = recordColumns }
        return try? decoder.decode(ObservedPage.self, from: body)
    }
}

/// One row read directly (`GET <set>(<id>)`), decoded into the same columns as a page's rows.
enum ObservedEntity {
    /// The row, or nil when the body is not a row of the asked shape.
    static func decode<Row: Decodable>(_ body: Data, recordColumns: RecordColumns? = nil) -> Row? {
        let decoder = JSONDecoder()
        if let recordColumns { decoder.userInfo[RecordRow.columns] = recordColumns }
        return try? decoder.decode(Row.self, from: body)
    }
}
