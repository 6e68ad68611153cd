/// The `Prefer` header values the simulator honours. Several preferences may share one
/// header (comma-separated, commas inside quotes do not split) or come as several headers.
struct ODataPreferences: Equatable {
    static let maximumPageSize = 5000

    var maxPageSize = maximumPageSize
    /// Whether the client asked for some page size (echoed in `Preference-Applied`).
    var pageSizeRequested = false
    /// Annotation patterns from `odata.include-annotations`, e.g. `*` or
    /// `Microsoft.Dynamics.CRM.*`; a leading `-` excludes.
    var annotationPatterns: [String] = []
    var returnRepresentation = false
    /// `odata.track-changes`: the last page of a full read carries an `@odata.deltaLink`.
    var trackChanges = false

    init(headerValues: [String]) {
        for value in headerValues {
            for preference in Self.splitOutsideQuotes(value) {
                let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimming(" \t") }
                guard let name = parts.first?.lowercased() else { continue }
                let argument = parts.count > 1 ? parts[1].trimming("\"") : ""
                switch name {
                case "odata.maxpagesize":
                    if let size = Int(argument), size > 0 {
                        maxPageSize = min(size, Self.maximumPageSize)
                        pageSizeRequested = true
                    }
                case "odata.include-annotations":
                    annotationPatterns = argument.split(separator: ",").map { $0.trimming(" \t") }
                case "return":
                    returnRepresentation = argument == "representation"
                case "odata.track-changes":
                    trackChanges = true
                default:
                    continue
                }
            }
        }
    }

    func includesAnnotation(_ name: String) -> Bool {
        var included = false
        for pattern in annotationPatterns {
            let excluded = pattern.hasPrefix("-")
            let body = excluded ? String(pattern.dropFirst()) : pattern
            let matches = body == "*" || body == name || (body.hasSuffix(".*") && name.hasPrefix(body.dropLast()))
            if matches { included = !excluded }
        }
        return included
    }

    private static func splitOutsideQuotes(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimming(" \t") }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    func trimming(_ set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
