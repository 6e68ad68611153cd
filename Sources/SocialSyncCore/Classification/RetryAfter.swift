import Foundation

/// Reads a `Retry-After` header. Dataverse sends delta-seconds (PA `api-limits`); an
/// HTTP-date or garbage yields nil and the caller applies its own default wait.
public enum RetryAfter {
    public static func seconds(_ header: String?) -> Double? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), let value = Double(text),
              value.isFinite, value >= 0
        else { return nil }
        return value
    }
}
