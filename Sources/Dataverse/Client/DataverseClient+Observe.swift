import Foundation
import SocialSyncCore

extension DataverseClient {
    /// Lookup annotation naming the regarding record's table (dataverse.md, "Requests").
    static let regardingTableAnnotation = "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname"

    /// Whether these social activities exist and which record each regards, in batched reads.
    /// An id is `.missing` only when every page of its batch answered and parsed; otherwise
    /// the whole batch is `.unknown` (N1). Keys are the ids lower-cased.
    public func observeActivities(_ ids: [String]) async -> [String: ActivityObservation] {
        await observe(
            set: CreationPayload.socialActivitySet, key: "activityid", select: "activityid,_regardingobjectid_value", ids: ids,
            missing: .missing, unknown: .unknown, parse: Self.activityRow)
    }

    /// Whether these rows of the record's table exist, in batched reads; same rules as activities.
    public func observeRecords(_ metadata: EntityMetadata, ids: [String]) async -> [String: RecordObservation] {
        let key = metadata.primaryIdAttribute
        return await observe(
            set: metadata.entitySetName, key: key, select: key, ids: ids, missing: .missing, unknown: .unknown,
            parse: { row in (row[key] as? String).map { (id: $0.lowercased(), observation: .exists) } })
    }

    /// A regarding record answered without its table annotation is compared by id alone
    /// (GUIDs are unique within an organization), so an instance that omits annotations is
    /// still verified. Nil means the row has not the asked shape: the page is unreadable.
    static func activityRow(_ row: [String: Any]) -> (id: String, observation: ActivityObservation)? {
        guard let id = (row["activityid"] as? String)?.lowercased() else { return nil }
        switch row["_regardingobjectid_value"] {
        case nil, is NSNull:
            return (id, .exists(regarding: nil))
        case let regarding as String:
            let table = row[regardingTableAnnotation] as? String ?? ""
            return (id, .exists(regarding: RecordReference(entity: table, id: regarding)))
        default:
            return nil
        }
    }

    private func observe<Observation: Sendable>(
        set: String, key: String, select: String, ids: [String], missing: Observation, unknown: Observation,
        parse: @escaping @Sendable ([String: Any]) -> (id: String, observation: Observation)?
    ) async -> [String: Observation] {
        var observations: [String: Observation] = [:]
        var valid: [String] = []
        for id in Set(ids.map { $0.lowercased() }).sorted() {
            // Only GUIDs go into the filter; anything else cannot be asked about safely.
            if GUID.isValid(id) { valid.append(id) } else { observations[id] = unknown }
        }
        let chunker = InFilterChunks(set: set, select: select, key: key, apiBaseLength: apiBase.absoluteString.utf8.count, maxURLLength: configuration.maxURLLength)
        let chunks = chunker.chunks(valid)
        let answered = await withTaskGroup(of: [String: Observation].self) { group in
            for chunk in chunks {
                group.addTask {
                    guard let url = self.apiURL(chunker.relativeURL(chunk)),
                          let found = await self.readAllPages(url, parse: parse)
                    else { return Dictionary(uniqueKeysWithValues: chunk.map { ($0, unknown) }) }
                    return Dictionary(uniqueKeysWithValues: chunk.map { ($0, found[$0] ?? missing) })
                }
            }
            return await group.reduce(into: [String: Observation]()) { $0.merge($1) { first, _ in first } }
        }
        observations.merge(answered) { first, _ in first }
        // An id left out of every chunk was never asked about.
        for id in valid where observations[id] == nil { observations[id] = unknown }
        return observations
    }

    /// Every row of a paged read, following `@odata.nextLink` unchanged with the same Prefer
    /// header (PA `webapi/query/page-results`); nil when any page failed or could not be read.
    private func readAllPages<Observation: Sendable>(
        _ first: URL, parse: ([String: Any]) -> (id: String, observation: Observation)?
    ) async -> [String: Observation]? {
        let prefer = HTTPHeader("Prefer", "odata.maxpagesize=\(configuration.pageSize),odata.include-annotations=\"*\"")
        var found: [String: Observation] = [:]
        var next: URL? = first
        while let url = next {
            guard case let .success(_, body) = await execute("GET", url, headers: [prefer]).classification,
                  let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
                  let rows = root["value"] as? [Any]
            else { return nil }
            for row in rows {
                guard let row = row as? [String: Any], let (id, observation) = parse(row) else { return nil }
                found[id] = observation
            }
            switch root["@odata.nextLink"] {
            case nil, is NSNull:
                next = nil
            // The token goes only where the instance's own API lives.
            case let link as String where link.hasPrefix(apiBase.absoluteString):
                guard let url = URL(string: link) else { return nil }
                next = url
            default:
                return nil
            }
        }
        return found
    }
}
