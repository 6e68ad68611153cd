import Foundation
import SocialSyncCore

/// A social activity row: its id and regarding record. A regarding record answered without
/// its table annotation is compared by id alone (GUIDs are unique within an organization),
/// so an instance that omits annotations is still verified. A missing id or a regarding
/// value that is not a string makes the page unreadable.
struct ActivityRow: Decodable, Sendable {
    var id: String
    var observation: ActivityObservation

    private enum CodingKeys: String, CodingKey {
        case id = "activityid"
        case regarding = "_regardingobjectid_value"
        case table = "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id).lowercased()
        guard let regarding = try container.decodeIfPresent(String.self, forKey: .regarding) else {
            observation = .exists(regarding: nil)
            return
        }
        let table = (try? container.decodeIfPresent(String.self, forKey: .table)) ?? nil
        observation = .exists(regarding: RecordReference(entity: table ?? "", id: regarding))
    }
}

/// A row of a record table: its key, which says the record exists, and R16's details. The
/// columns come from the table's metadata (`RecordColumns`, passed in the decoder's
/// `userInfo`). A missing key makes the page unreadable; a detail of an unexpected shape is
/// left out instead, since details never decide anything about the link.
struct RecordRow: Decodable, Sendable {
    static let columns = CodingUserInfoKey(rawValue: "recordColumns")!

    var id: String
    var details: RecordDetails

    init(from decoder: any Decoder) throws {
        guard let columns = decoder.userInfo[Self.columns] as? RecordColumns else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no record columns given"))
        }
        let container = try decoder.container(keyedBy: ColumnKey.self)
        id = try container.decode(String.self, forKey: ColumnKey(columns.key)).lowercased()
        func text(_ column: String?) -> String? {
            guard let column, columns.details.contains(column) || column == columns.name else { return nil }
            return (try? container.decodeIfPresent(String.self, forKey: ColumnKey(column))) ?? nil
        }
        func label(_ column: String) -> String? {
            guard columns.details.contains(column) else { return nil }
            return (try? container.decodeIfPresent(String.self, forKey: ColumnKey(column + RecordColumns.formattedValue))) ?? nil
        }
        details = RecordDetails(
            name: text(columns.name), state: label(RecordColumns.state), status: label(RecordColumns.status),
            modifiedOn: text(RecordColumns.modifiedOn))
    }
}
