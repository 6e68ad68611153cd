import Foundation

/// Renders metric families in the Prometheus text exposition format, version 0.0.4:
/// `# HELP` and `# TYPE` before each family, histograms as cumulative `_bucket{le=…}`
/// series with `_sum` and `_count`.
enum PrometheusText {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(_ families: [MetricsRegistry.FamilySnapshot]) -> String {
        var text = ""
        for snapshot in families {
            let family = snapshot.family
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.kind.typeName)\n"
            for (labelValues, value) in snapshot.series {
                let labels = Array(zip(family.labelNames, labelValues))
                switch value {
                case .scalar(let number):
                    text += sample(family.name, labels, number)
                case .histogram(let counts, let sum, let count):
                    guard case .histogram(let bounds) = family.kind else { continue }
                    for (bound, bucketCount) in zip(bounds.map(number) + ["+Inf"], counts) {
                        text += sample(family.name + "_bucket", labels + [("le", bound)], Double(bucketCount))
                    }
                    text += sample(family.name + "_sum", labels, sum)
                    text += sample(family.name + "_count", labels, Double(count))
                }
            }
        }
        return text
    }

    private static func sample(_ name: String, _ labels: [(String, String)], _ value: Double) -> String {
        let labelText = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }.joined(separator: ",") + "}"
        return "\(name)\(labelText) \(number(value))\n"
    }

    /// Whole numbers without a fraction (counts read naturally), others in Swift's
    /// shortest round-tripping form, which Prometheus' float parser accepts.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabelValue(_ value: String) -> String {
        var text = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(character)
            }
        }
        return text
    }

    /// Help text escapes backslash and line feed.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
