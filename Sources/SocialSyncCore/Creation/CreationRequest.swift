/// One Web API request of a creation, relative to the instance's Web API base.
public struct CreationRequest: Sendable, Equatable {
    public var method: String
    /// Percent-encoded, relative to `<instance URL>/api/data/v9.2/`: `<entity set>(<guid>)`
    /// for a write, a query for a lookup.
    public var path: String
    public var headers: [String: String]
    /// nil for a lookup.
    public var body: JSONValue?
    /// Logical name of the table the row belongs to, for reporting which step failed.
    public var table: String
    /// The key column, so a 412 can be confirmed by reading the row (`<path>?$select=<key>`).
    public var keyColumn: String

    public init(method: String, path: String, headers: [String: String], body: JSONValue?, table: String, keyColumn: String) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.table = table
        self.keyColumn = keyColumn
    }

    /// The read that tells whether the row this write names exists (dataverse.md, "412 has two meanings").
    public var confirmationPath: String {
        "\(path)?$select=\(keyColumn)"
    }

    /// Headers sorted by name, so the dry-run text is deterministic.
    public var renderedJSON: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "method", value: .string(method)),
            (key: "path", value: .string(path)),
            (key: "headers", value: .object(headers.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) })),
        ]
        if let body { members.append((key: "body", value: body)) }
        return .object(members)
    }
}
