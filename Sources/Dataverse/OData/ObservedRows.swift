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

/// A row of a record table: only its primary key, whose column name comes from the table's
/// metadata (passed in the decoder's `userInfo`).
struct RecordRow: Decodable, Sendable {
    static let primaryIdAttribute = CodingUserInfoKey(rawValue: "primaryIdAttribute")!

    var id: String

    init(from decoder: any Decoder) throws {
        guard let key = decoder.userInfo[Self.primaryIdAttribute] as? String else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no primary id attribute given"))
        }
        id = try decoder.container(keyedBy: ColumnKey.self).decode(String.self, forKey: ColumnKey(key)).lowercased()
    }
}
