import Foundation

/// One page of a change-tracking read: changed rows carry the table's key, deleted rows are
/// `{"@odata.context":"…/$deletedEntity","id":"<guid>","reason":"deleted"}`.
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
        let decoder = JSONDecoder()
        decoder.userInfo[Self.key] = key
        return try? decoder.decode(DeltaPage.self, from: body)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ids = try container.decode([DeltaRow].self, forKey: .rows).map(\.id)
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
