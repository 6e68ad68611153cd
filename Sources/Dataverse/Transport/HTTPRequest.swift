import Foundation

/// One header field as sent.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A request for an `HTTPTransport`. Its description names only the method and URL:
/// headers carry bearer tokens and bodies carry client secrets and post text.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public var method: String
    public var url: URL
    public var headers: [HTTPHeader]
    public var body: Data?
    /// Total time allowed for the exchange, connection included.
    public var timeoutSeconds: Double

    public init(method: String, url: URL, headers: [HTTPHeader] = [], body: Data? = nil, timeoutSeconds: Double = 30) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
    }

    public var description: String { "\(method) \(url.absoluteString)" }
}
