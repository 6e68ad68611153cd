import Foundation

/// Typed access to the configuration object's keys, each failure naming the key.
struct ConfigurationFields {
    static let knownKeys: Set<String> = [
        "store", "listen", "health_requests_per_second", "poll_interval_seconds", "verify_interval_seconds", "confirmations",
        "request_timeout_seconds", "max_concurrent_requests_per_instance", "creation_requests_per_minute", "verification_mode", "log_format",
        "log_level",
    ]

    let object: [String: Any]
    let file: String

    func rejectUnknownKeys() throws(ConfigurationError) {
        if let unknown = object.keys.filter({ !Self.knownKeys.contains($0) }).sorted().first {
            throw ConfigurationError(file: file, key: unknown, problem: "unknown key (known: \(Self.knownKeys.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = object[key] else { return nil }
        guard let string = value as? String else { throw ConfigurationError(file: file, key: key, problem: "must be a string") }
        return string
    }

    /// A positive number of seconds, at most a day.
    func seconds(_ key: String) throws(ConfigurationError) -> Double? {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, !isBoolean(number), number.doubleValue > 0, number.doubleValue <= 86_400 else {
            throw ConfigurationError(file: file, key: key, problem: "must be a number of seconds greater than 0 and at most 86400")
        }
        return number.doubleValue
    }

    func count(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, !isBoolean(number), Double(number.intValue) == number.doubleValue, range.contains(number.intValue) else {
            throw ConfigurationError(file: file, key: key, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number.intValue
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type) throws(ConfigurationError) -> Choice? where Choice.RawValue == String {
        guard let value = object[key] else { return nil }
        guard let text = value as? String, let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(file: file, key: key, problem: "must be one of \(allowed)")
        }
        return choice
    }

    /// JSON `true` decodes as an NSNumber too (of a boolean subclass, Objective-C type
    /// "c"); a boolean is never a valid number here.
    private func isBoolean(_ number: NSNumber) -> Bool {
        type(of: number) != NSNumber.self && String(cString: number.objCType) == "c"
    }
}
