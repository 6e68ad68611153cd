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
        return JSONValue.object(members).rendered()
    }

    /// A value as logfmt parsers (go-logfmt, Grafana Loki) read it back: bare when it has
    /// no space, `=`, quote, backslash or control character, otherwise double-quoted
    /// with those escaped. An empty value is written `""` so the pair stays visible.
    public static func logfmtValue(_ value: String) -> String {
        guard value.isEmpty || value.unicodeScalars.contains(where: needsQuoting) else { return value }
        return JSONValue.quoted(value)
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
        scalar == "=" || scalar == "\"" || scalar == "\\" || scalar.properties.isWhitespace || JSONValue.isLineBreakingOrControl(scalar)
    }
}
