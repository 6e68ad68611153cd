/// One parsed HTTP/1.x request.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target exactly as sent (still percent-encoded), e.g. to rebuild a link.
    public var target: String
    /// The path part of the target, percent-decoded.
    public var path: String
    /// The query part of the target as sent (without `?`), or nil when there is none.
    public var rawQuery: String?
    /// Query items, percent-decoded (`+` read as a space), in order.
    public var queryItems: [QueryItem]
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(
        method: String, target: String, minorVersion: Int = 1, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) throws(HTTPParseError) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
        let questionMark = target.firstIndex(of: "?")
        let rawPath = questionMark.map { String(target[..<$0]) } ?? target
        guard let decodedPath = PercentEncoding.decode(rawPath, plusIsSpace: false) else {
            throw .malformedRequestTarget
        }
        path = decodedPath
        rawQuery = questionMark.map { String(target[target.index(after: $0)...]) }
        guard let items = PercentEncoding.decodeQuery(rawQuery ?? "") else { throw .malformedRequestTarget }
        queryItems = items
    }

    /// The first value of a query item, decoded.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Whether the client asked to keep the connection open after this request.
    public var keepAlive: Bool {
        let tokens = headers.values(for: "Connection")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces().lowercased() }
        if tokens.contains("close") { return false }
        return minorVersion >= 1 || tokens.contains("keep-alive")
    }
}

/// One `name=value` pair of a query string or a form-encoded body.
public struct QueryItem: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
