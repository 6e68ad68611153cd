/// The description of one metric family: what `# HELP` and `# TYPE` say, and the label
/// names its series carry. Label values must come from bounded sets (instance ids,
/// states, reasons, status codes), never post or record ids (operations.md).
public struct MetricFamily: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case counter
        case gauge
        /// Upper bounds of the buckets, ascending; `+Inf` is implied.
        case histogram(buckets: [Double])

        var typeName: String {
            switch self {
            case .counter: "counter"
            case .gauge: "gauge"
            case .histogram: "histogram"
            }
        }
    }

    public let name: String
    public let help: String
    public let kind: Kind
    public let labelNames: [String]

    public init(name: String, help: String, kind: Kind, labelNames: [String] = []) {
        self.name = name
        self.help = help
        self.kind = kind
        self.labelNames = labelNames
    }
}
