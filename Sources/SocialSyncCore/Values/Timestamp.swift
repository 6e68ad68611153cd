import Foundation

/// ISO-8601 date-times as they appear in imports, the store and JSON output.
public enum Timestamp {
    /// Accepts `2024-05-01T10:00:00Z`, with fractional seconds, or with an offset.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// UTC with millisecond precision, so ordering by text equals ordering by time.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
