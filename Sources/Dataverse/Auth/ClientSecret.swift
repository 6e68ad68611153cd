/// An application's client secret. Printing, interpolating, dumping or mirroring it shows
/// a fixed placeholder: only the token request reads `exposedValue`.
public struct ClientSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let exposedValue: String

    public init(_ value: String) {
        exposedValue = value
    }

    public var description: String { "ClientSecret(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
