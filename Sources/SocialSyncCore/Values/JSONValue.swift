import Foundation

/// A JSON value whose objects keep their keys in the order written, so a payload prints
/// the same way every time (`links create --dry-run`) and reads in the documented order.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    /// A string, or `null` when absent: interface.md's shapes spell out their nulls.
    public static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    /// Compact JSON text, or indented by two spaces per level when `pretty`.
    public func rendered(pretty: Bool = false) -> String {
        var text = ""
        write(to: &text, pretty: pretty, depth: 0)
        return text
    }

    private func write(to text: inout String, pretty: Bool, depth: Int) {
        switch self {
        case let .string(value): text += Self.quoted(value)
        case let .integer(value): text += String(value)
        case let .bool(value): text += value ? "true" : "false"
        case .null: text += "null"
        case let .object(members):
            writeContainer(open: "{", close: "}", count: members.count, to: &text, pretty: pretty, depth: depth) { index, text in
                text += Self.quoted(members[index].key) + (pretty ? ": " : ":")
                members[index].value.write(to: &text, pretty: pretty, depth: depth + 1)
            }
        case let .array(elements):
            writeContainer(open: "[", close: "]", count: elements.count, to: &text, pretty: pretty, depth: depth) { index, text in
                elements[index].write(to: &text, pretty: pretty, depth: depth + 1)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, to text: inout String, pretty: Bool, depth: Int,
        element: (Int, inout String) -> Void
    ) {
        text += open
        guard count > 0 else { return text += close }
        let indent = pretty ? "\n" + String(repeating: "  ", count: depth + 1) : ""
        for index in 0..<count {
            text += (index == 0 ? "" : ",") + indent
            element(index, &text)
        }
        text += (pretty ? "\n" + String(repeating: "  ", count: depth) : "") + close
    }

    /// RFC 8259 string escaping of quote, backslash and control characters; also of DEL,
    /// the C1 controls (NEL among them) and U+2028/U+2029, which JSON allows raw but some
    /// line-oriented readers take for line ends. A log line therefore never breaks.
    public static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where isLineBreakingOrControl(scalar): text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    public static func isLineBreakingOrControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
