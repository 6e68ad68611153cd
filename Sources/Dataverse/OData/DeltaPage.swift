import Foundation

/// One page of a change-tracking read: changed rows carry the table's key, deleted rows are
/// `{"@odata.context":"…/$deletedEntity","id":"<guid>","reason":"deleted"}`.
///
/// "An empty JSON response is returned if no table changes have occurred" (PA
/// `use-change-tracking-synchronize-data-external-systems`), in a shape not documented: an
/// empty body, an object of annotations alone (`{}`), or `value: []`, with or without a new
/// delta link, all read as a page without rows (dataverse.md "Reading: what 'missing'
/// means"). An object with other members but no `value` is not a page.
struct DeltaPage: Decodable, Sendable {
    static let key = CodingUserInfoKey(rawValue: "deltaKey")!

    var ids: [String]
    var nextLink: String?
    var deltaLink: String?

    private enum CodingKeys: String, CodingKey {
        case rows = "value"
        case nextLink = "@odata.nextLink"
        case deltaLink = "@odata.deltaLink"
    }

    static func decode(_ body: Data, key: String) -> DeltaPage? {
        if body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return DeltaPage(ids: [], nextLink: nil, deltaLink: nil) }
        let decoder = JSONDecoder()
        decoder.userInfo[Self.key] = key
        return try? decoder.decode(DeltaPage.self, from: body)
    }

    private init(ids: [String], nextLink: String?, deltaLink: String?) {
        self.ids = ids
        self.nextLink = nextLink
        self.deltaLink = deltaLink
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.rows) {
            ids = try container.decode([DeltaRow].self, forKey: .rows).map(\.id)
        } else {
            let members = try decoder.container(keyedBy: ColumnKey.self).allKeys
            guard members.allSatisfy({ $0.stringValue.hasPrefix("@") }) else {
                throw DecodingError.keyNotFound(CodingKeys.rows, .init(codingPath: decoder.codingPath, debugDescription: "neither rows nor an empty answer"))
            }
            ids = []
        }
        nextLink = try container.decodeIfPresent(String.self, forKey: .nextLink)
        deltaLink = try container.decodeIfPresent(String.self, forKey: .deltaLink)
    }
}

/// The id of one changed or deleted row.
private struct DeltaRow: Decodable {
    var id: String

    init(from decoder: any Decoder) throws {
        guard let key = decoder.userInfo[DeltaPage.key] as? String else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no key column given"))
        }
        let container = try decoder.container(keyedBy: ColumnKey.self)
        let context = try container.decodeIfPresent(String.self, forKey: ColumnKey("@odata.context"))
        let column = context?.hasSuffix("/$deletedEntity") == true ? "id" : key
        id = try container.decode(String.self, forKey: ColumnKey(column)).lowercased()
    }
}
