/// A bearer token for one instance. Like `ClientSecret`, it never shows its value: only the
/// `Authorization` header is built from `exposedValue`.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let exposedValue: String

    public init(_ value: String) {
        exposedValue = value
    }

    var authorizationHeader: HTTPHeader { HTTPHeader("Authorization", "Bearer \(exposedValue)") }

    public var description: String { "AccessToken(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
