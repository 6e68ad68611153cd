import Foundation

/// What a refresh the daemon carried out tells the command that asked for it: the command
/// reads the instance and these entities back from the store and prints them exactly as a
/// refresh of its own would, and warns on a mismatching organization (R1) the same way.
public struct RefreshReceipt: Codable, Sendable, Equatable {
    /// The logical names of the entities fetched, in the refresh's order.
    public var entities: [String]
    /// The organization the instance answered as.
    public var probedOrganizationID: String?

    enum CodingKeys: String, CodingKey {
        case entities
        case probedOrganizationID = "probed_organization_id"
    }

    public init(entities: [String], probedOrganizationID: String?) {
        self.entities = entities
        self.probedOrganizationID = probedOrganizationID
    }

    public var json: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public init(json: String) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
    }
}
