import Foundation

/// One log record before it is encoded: kept as a value so the mapping from events and
/// the encodings can be tested (and fuzzed) without any I/O.
public struct LogLine: Sendable, Equatable {
    public var timestamp: Date
    public var level: Configuration.LogLevel
    /// A stable, dotted event name (`link.transition`): log alerts match on it.
    public var event: String
    /// Event-specific fields, in the order they are written.
    public var fields: [LogField]

    public init(timestamp: Date, level: Configuration.LogLevel, event: String, fields: [LogField]) {
        self.timestamp = timestamp
        self.level = level
        self.event = event
        self.fields = fields
    }
}

/// One `key=value` pair of a log line. Numbers stay numbers so JSON lines carry them
/// unquoted and queries can compare them.
public struct LogField: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int)
    }

    public var key: String
    public var value: Value

    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }

    public init(_ key: String, _ text: String) {
        self.init(key, .text(text))
    }

    public init(_ key: String, _ number: Int) {
        self.init(key, .integer(number))
    }

    /// Durations are logged as whole milliseconds (`duration_ms=12`): exact in both
    /// encodings, and fine-grained enough for a human reading a line.
    public init(milliseconds key: String, seconds: Double) {
        let milliseconds = (seconds * 1000).rounded()
        self.init(key, .integer(milliseconds.isFinite ? Int(min(max(milliseconds, -9e15), 9e15)) : 0))
    }
}
