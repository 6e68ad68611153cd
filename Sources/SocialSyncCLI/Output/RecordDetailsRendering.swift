import SocialSyncCore
import SocialSyncStore

/// R16 in `links show`: `details_available` and `details` of interface.md, and the line the
/// text output gives them.
extension Renderings {
    /// `history` (a `linkWithHistory` object) with `details_available` and `details` added.
    /// Details are available when the instance allows them and some read has found them.
    static func withDetails(_ history: JSONValue, _ shown: RecordDetailsLookup.Shown) -> JSONValue {
        guard case .object(var members) = history else { return history }
        let observed: ObservedRecordDetails? = if case .available(let observed) = shown { observed } else { nil }
        members.append(("details_available", .bool(observed != nil)))
        members.append(("details", observed.map(details) ?? .null))
        return .object(members)
    }

    static func details(_ observed: ObservedRecordDetails) -> JSONValue {
        .object([
            ("name", .optional(observed.details.name)),
            ("state", .optional(observed.details.state)),
            ("status", .optional(observed.details.status)),
            ("modified_on", .optional(observed.details.modifiedOn)),
            ("observed_at", .string(Timestamp.format(observed.observedAt))),
        ])
    }

    /// "post p1 · contoso · incident <id>: active", then "Case 'Printer on fire' · Active /
    /// In Progress · modified …" or why the details are not shown, then the link as JSON.
    static func linkSummary(_ subject: RecordDetailsLookup.Subject, history: JSONValue, details shown: RecordDetailsLookup.Shown) -> String {
        let link = subject.link
        let state = link.state.rawValue + (link.reason.map { " (\($0.rawValue))" } ?? "")
        let heading = "post \(link.postID) · \(link.instanceID) · \(link.record.entity) \(link.record.id): \(state)"
        return [heading, "  " + detailsLine(shown, table: subject.metadata?.displayName ?? link.record.entity), withDetails(history, shown).rendered(pretty: true)]
            .joined(separator: "\n")
    }

    private static func detailsLine(_ shown: RecordDetailsLookup.Shown, table: String) -> String {
        switch shown {
        case .unavailable(let reason):
            return "record details unavailable: \(reason)"
        case .available(nil):
            return "record details not read yet: the next verification reads them"
        case .available(let observed?):
            let details = observed.details
            let status = [details.state, details.status].compactMap { $0 }.joined(separator: " / ")
            return ["\(table) \(details.name.map { "'\($0)'" } ?? "(no name)")", status.isEmpty ? nil : status, details.modifiedOn.map { "modified \($0)" }]
                .compactMap { $0 }.joined(separator: " · ")
        }
    }
}
