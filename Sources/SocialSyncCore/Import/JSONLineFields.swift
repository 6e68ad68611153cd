import Foundation

/// One JSON Lines object with typed, line-numbered field access, shared by the post and
/// link importers so both report problems the same way.
struct JSONLineFields {
    let line: Int
    private let object: [String: Any]

    init(_ text: Substring, line: Int, allowed: Set<String>) throws(ImportError) {
        self.line = line
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            throw ImportError(line: line, problem: "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw ImportError(line: line, problem: "expected a JSON object")
        }
        if let unknown = object.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw ImportError(line: line, problem: "unknown key '\(unknown)'")
        }
        self.object = object
    }

    func requiredString(_ key: String) throws(ImportError) -> String {
        guard let value = try optionalString(key), !value.isEmpty else {
            throw ImportError(line: line, problem: "'\(key)' is required and must be a non-empty string")
        }
        return value
    }

    func optionalString(_ key: String) throws(ImportError) -> String? {
        switch object[key] {
        case nil, is NSNull: return nil
        case let value as String: return value
        default: throw ImportError(line: line, problem: "'\(key)' must be a string")
        }
    }

    func stringArray(_ key: String) throws(ImportError) -> [String] {
        switch object[key] {
        case nil, is NSNull: return []
        case let values as [Any]:
            var strings: [String] = []
            for value in values {
                guard let string = value as? String else {
                    throw ImportError(line: line, problem: "'\(key)' must be an array of strings")
                }
                strings.append(string)
            }
            return strings
        default: throw ImportError(line: line, problem: "'\(key)' must be an array of strings")
        }
    }

    /// The raw value, for fields that accept several JSON types.
    func raw(_ key: String) -> Any? {
        object[key].flatMap { $0 is NSNull ? nil : $0 }
    }
}
