/// A request the admin API or seed loader refuses, with the reason to show the caller.
public enum SimulatorError: Error, Equatable, CustomStringConvertible {
    case badRequest(String)
    case notFound(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .badRequest(let message), .notFound(let message), .conflict(let message): message
        }
    }

    var status: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        case .conflict: 409
        }
    }
}
