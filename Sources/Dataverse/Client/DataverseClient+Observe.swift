import Foundation
import SocialSyncCore

extension DataverseClient {
    /// The social activity table's entity set and the columns `ActivityRow` decodes (PA
    /// `reference/entities/socialactivity`).
    static let activitySet = "socialactivities"
    static let activitySelect = "activityid,_regardingobjectid_value"

    /// Whether these social activities exist and which record each regards, in batched reads.
    /// An id a read left out is confirmed by a direct read (`confirmAbsent`): only
    /// "does not exist" makes it `.missing`. When any page of its batch failed or could not
    /// be parsed, the whole batch is `.unknown` (N1). Keys are the ids lower-cased.
    public func observeActivities(_ ids: [String]) async -> [String: ActivityObservation] {
        await observe(
            set: Self.activitySet, key: "activityid", select: Self.activitySelect, ids: ids,
            missing: .missing, unknown: .unknown,
            parse: { body in
                ObservedPage<ActivityRow>.decode(body).map { page in (page.rows.map { ($0.id, $0.observation) }, page.nextLink) }
            },
            parseRow: { body in (ObservedEntity.decode(body) as ActivityRow?).map { ($0.id, $0.observation) } })
    }

    /// Whether these rows of the record's table exist, with their details (R16), in batched
    /// reads; same rules as activities.
    public func observeRecords(_ metadata: EntityMetadata, ids: [String]) async -> [String: RecordObservation] {
        let columns = RecordColumns(metadata)
        return await observe(
            set: metadata.entitySetName, key: columns.key, select: columns.select, ids: ids, missing: .missing, unknown: .unknown,
            parse: { body in
                ObservedPage<RecordRow>.decode(body, recordColumns: columns).map { page in
                    (page.rows.map { ($0.id, .exists($0.details)) }, page.nextLink)
                }
            },
            parseRow: { body in (ObservedEntity.decode(body, recordColumns: columns) as RecordRow?).map { ($0.id, .exists($0.details)) } })
    }

    /// The rows of one page and its next link; nil when the page cannot be read.
    typealias PageParser<Observation> = @Sendable (Data) -> (rows: [(id: String, observation: Observation)], nextLink: String?)?

    private func observe<Observation: Sendable>(
        set: String, key: String, select: String, ids: [String], missing: Observation, unknown: Observation,
        parse: @escaping PageParser<Observation>, parseRow: @escaping RowParser<Observation>
    ) async -> [String: Observation] {
        var observations: [String: Observation] = [:]
        var valid: [String] = []
        for id in Set(ids.map { $0.lowercased() }).sorted() {
            // Only GUIDs go into the filter; anything else cannot be asked about safely.
            if GUID.isValid(id) { valid.append(id) } else { observations[id] = unknown }
        }
        let chunker = InFilterChunks(set: set, select: select, key: key, apiBaseLength: apiBase.absoluteString.utf8.count, maxURLLength: configuration.maxURLLength)
        let chunks = chunker.chunks(valid)
        // Per chunk: the rows found and the ids left out, or nil when the read failed.
        let answered = await withTaskGroup(of: (chunk: [String], found: [String: Observation]?).self) { group in
            for chunk in chunks {
                group.addTask {
                    guard let url = self.apiURL(chunker.relativeURL(chunk)) else { return (chunk, nil) }
                    return (chunk, await self.readAllPages(url, parse: parse))
                }
            }
            return await group.reduce(into: [(chunk: [String], found: [String: Observation]?)]()) { $0.append($1) }
        }
        var absent: [String] = []
        for (chunk, found) in answered {
            for id in chunk where observations[id] == nil {
                guard let found else {
                    observations[id] = unknown
                    continue
                }
                if let observation = found[id] { observations[id] = observation } else { absent.append(id) }
            }
        }
        if !absent.isEmpty {
            let confirmed = await confirmAbsent(set: set, select: select, ids: absent.sorted(), missing: missing, unknown: unknown, parse: parseRow)
            observations.merge(confirmed) { first, _ in first }
        }
        // An id left out of every chunk was never asked about.
        for id in valid where observations[id] == nil { observations[id] = unknown }
        return observations
    }

    /// Every row of a paged read, following `@odata.nextLink` unchanged with the same Prefer
    /// header (PA `webapi/query/page-results`); nil when any page failed or could not be read.
    private func readAllPages<Observation: Sendable>(_ first: URL, parse: PageParser<Observation>) async -> [String: Observation]? {
        let prefer = HTTPHeader("Prefer", "odata.maxpagesize=\(configuration.pageSize),odata.include-annotations=\"*\"")
        var found: [String: Observation] = [:]
        var url = first
        while true {
            guard case let .success(_, body) = await execute("GET", url, headers: [prefer]).classification,
                  let page = parse(body)
            else { return nil }
            for (id, observation) in page.rows { found[id] = observation }
            guard let link = page.nextLink else { return found }
            // The token goes only where the instance's own API lives.
            guard let following = NextLink.url(link, under: apiBase) else { return nil }
            url = following
        }
    }
}
