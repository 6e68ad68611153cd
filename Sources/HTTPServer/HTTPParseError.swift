/// Why a request could not be parsed; each maps to the status the server answers before
/// closing the connection.
public enum HTTPParseError: Error, Sendable, Equatable {
    case malformedRequestLine
    case malformedRequestTarget
    case unsupportedVersion
    case malformedHeader
    case headersTooLarge
    case invalidContentLength
    case bodyTooLarge
    case unsupportedTransferEncoding

    public var status: Int {
        switch self {
        case .malformedRequestLine, .malformedRequestTarget, .malformedHeader, .invalidContentLength: 400
        case .unsupportedVersion: 505
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedTransferEncoding: 501
        }
    }
}
