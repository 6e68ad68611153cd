import SocialSyncCore

/// Why a request got no HTTP answer. `detail` is curl's or the policy's message: it names
/// hosts and causes, never headers or bodies.
public struct TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var kind: TransportFailureKind
    public var detail: String

    public init(kind: TransportFailureKind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}
