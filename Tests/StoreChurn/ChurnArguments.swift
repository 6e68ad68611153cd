/// `store-churn STORE_PATH --seed N [--posts COUNT]`.
struct ChurnArguments {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static let usage = "usage: store-churn STORE_PATH --seed N [--posts COUNT]"

    var storePath: String
    var seed: UInt64
    var postCount = 200

    init(_ arguments: [String]) throws(Invalid) {
        var rest = arguments[...]
        var path: String?
        var seed: UInt64?
        while let argument = rest.popFirst() {
            switch argument {
            case "--seed":
                guard let value = rest.popFirst().flatMap({ UInt64($0) }) else { throw Invalid(description: "--seed needs a non-negative integer") }
                seed = value
            case "--posts":
                guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else { throw Invalid(description: "--posts needs a positive integer") }
                postCount = value
            default:
                guard path == nil, !argument.hasPrefix("-") else { throw Invalid(description: "unexpected argument '\(argument)'") }
                path = argument
            }
        }
        guard let path else { throw Invalid(description: "STORE_PATH is required") }
        guard let seed else { throw Invalid(description: "--seed is required") }
        storePath = path
        self.seed = seed
    }
}
