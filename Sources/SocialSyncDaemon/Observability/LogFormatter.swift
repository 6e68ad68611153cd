import SocialSyncCore

/// Pure encodings of a `LogLine`. Whatever the field values hold, the result is exactly
/// one line: newlines and other control characters are always escaped.
public enum LogFormatter {
    /// The complete line (without its trailing newline) in the given style.
    public static func render(_ line: LogLine, style: LogStyle) -> String {
        let body = switch style.encoding {
        case .logfmt: logfmt(line)
        case .json: json(line)
        }
        return style.priorityPrefix ? "<\(line.level.syslogPriority)>" + body : body
    }

    /// `ts=… level=… event=… key=value …`, values quoted only when they must be.
    public static func logfmt(_ line: LogLine) -> String {
        var text = "ts=\(Timestamp.format(line.timestamp)) level=\(line.level.rawValue) event=\(logfmtValue(line.event))"
        for field in line.fields {
            text += " " + logfmtKey(field.key) + "="
            switch field.value {
            case let .text(value): text += logfmtValue(value)
            case let .integer(value): text += String(value)
            }
        }
        return text
    }

    /// One JSON object per line with `ts`, `level` and `event` first, then the fields.
    public static func json(_ line: LogLine) -> String {
        var members: [(key: String, value: JSONValue)] = [
            ("ts", .string(Timestamp.format(line.timestamp))),
            ("level", .string(line.level.rawValue)),
            ("event", .string(line.event)),
        ]
        for field in line.fields {
            switch field.value {
            case let .text(value): members.append((field.key, .string(value)))
            case let .integer(value): members.append((field.key, .integer(value)))
            }
        }
        return escapeLineSeparators(JSONValue.object(members).rendered())
    }

    /// JSON allows NEL and the Unicode line and paragraph separators raw, but some viewers
    /// break lines there; outside strings they cannot occur, so escaping them is safe.
    private static func escapeLineSeparators(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value == 0x85 || $0.value == 0x2028 || $0.value == 0x2029 }) else { return json }
        var text = ""
        for scalar in json.unicodeScalars {
            switch scalar.value {
            case 0x85, 0x2028, 0x2029: text += "\\u" + hex4(scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// A value as logfmt parsers (go-logfmt, Grafana Loki) read it back: bare when it has
    /// no space, `=`, quote, backslash or control character, otherwise double-quoted
    /// with those escaped. An empty value is written `""` so the pair stays visible.
    public static func logfmtValue(_ value: String) -> String {
        guard value.isEmpty || value.unicodeScalars.contains(where: needsQuoting) else { return value }
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where isLineBreakingOrControl(scalar): text += "\\u" + hex4(scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// Keys come from code, but a pure function must hold for any input: anything but
    /// letters, digits, `_`, `.` and `-` becomes `_`, so a key can never break the line.
    static func logfmtKey(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        var text = ""
        for scalar in key.unicodeScalars {
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_.-".unicodeScalars.contains(scalar))
            text.unicodeScalars.append(allowed ? scalar : "_")
        }
        return text
    }

    private static func needsQuoting(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "=" || scalar == "\"" || scalar == "\\" || scalar.properties.isWhitespace || isLineBreakingOrControl(scalar)
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators, which some
    /// viewers treat as line ends.
    private static func isLineBreakingOrControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
