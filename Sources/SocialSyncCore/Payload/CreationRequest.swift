/// One Web API write of a creation plan, relative to the instance's Web API base.
public struct CreationRequest: Sendable, Equatable {
    public var method: String
    /// `<entity set>(<guid>)`, relative to `<instance URL>/api/data/v9.2/`.
    public var path: String
    public var headers: [String: String]
    public var body: JSONValue
    /// Logical name of the table the row belongs to, for reporting which step failed.
    public var table: String

    public init(method: String, path: String, headers: [String: String], body: JSONValue, table: String) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.table = table
    }

    /// Headers sorted by name, so the dry-run text is deterministic.
    public var renderedJSON: JSONValue {
        .object([
            (key: "method", value: .string(method)),
            (key: "path", value: .string(path)),
            (key: "headers", value: .object(headers.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) })),
            (key: "body", value: body),
        ])
    }
}
