/// A query the simulator refuses. Dataverse answers such queries 400 with code 0x80060888.
enum ODataError: Error, Equatable {
    case syntax(String)
    case unsupported(String)

    var message: String {
        switch self {
        case .syntax(let message): message
        case .unsupported(let message): "\(message) (not supported by d365-sim)"
        }
    }
}
