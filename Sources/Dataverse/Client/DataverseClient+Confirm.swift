import Foundation
import SocialSyncCore

extension DataverseClient {
    /// What a direct read of one row makes of its answer body (200): the row's id and
    /// observation, nil when the body is not such a row.
    typealias RowParser<Observation> = @Sendable (Data) -> (id: String, observation: Observation)?

    /// `ObjectDoesNotExist`, the code of "<entity> With Id = <id> Does Not Exist" (dataverse.md
    /// "Reading: what 'missing' means"). A 404 with another code is about the URL (an unknown
    /// entity set answers `0x80060888` "Resource not found for the segment"), not about the row.
    static let objectDoesNotExistCode = "0x80040217"

    /// Confirms ids a filtered read left out, which is no proof of deletion: "Records aren't
    /// returned if … the user doesn't have read access to the record" (PA
    /// `webapi/query/filter-rows`). Each id gets a direct `GET <set>(<id>)?$select=…`; only a
    /// 404 `ObjectDoesNotExist` is `missing`, a 200 is the row's observation, and anything else
    /// (403 privilege, throttling, an outage, an unreadable answer) is `unknown` (N1).
    ///
    /// The reads go as GETs inside `$batch` requests (PA
    /// `webapi/execute-batch-operations-using-web-api`), `confirmationsPerBatch` (100) to a
    /// batch, well under Dataverse's 1000, so one failed batch leaves few ids unknown and an
    /// answer stays small, and with `Prefer: odata.continue-on-error`, without which the first
    /// 404 would end the batch. Chosen over single GETs: when many links go missing at once
    /// (a mass deletion, a business-unit move), 1% of 5000 links costs one request instead of
    /// fifty against the service protection limits, through the same concurrency cap and
    /// throttling deadline as every other request. Each part carries its own status line, so a
    /// 403 part is told apart from a 404 part; a batch that fails as a whole, or whose parts do
    /// not match its requests one for one, leaves its ids unknown. Service protection counts
    /// the requests inside a batch too, so at most `maxConfirmationsPerCheck` ids are asked
    /// about per call; beyond that a random sample is, so that no id waits behind others for
    /// ever, and the rest stay unknown until the next pass.
    func confirmAbsent<Observation: Sendable>(
        set: String, select: String, ids: [String], missing: Observation, unknown: Observation, parse: @escaping RowParser<Observation>
    ) async -> [String: Observation] {
        var observations = Dictionary(uniqueKeysWithValues: ids.map { ($0, unknown) })
        let asked = ids.count > configuration.maxConfirmationsPerCheck
            ? Array(ids.shuffled().prefix(configuration.maxConfirmationsPerCheck)) : ids
        let size = max(1, configuration.confirmationsPerBatch)
        let answered = await withTaskGroup(of: [String: Observation].self) { group in
            for start in stride(from: 0, to: asked.count, by: size) {
                let batch = Array(asked[start..<min(start + size, asked.count)])
                group.addTask { await self.confirmBatch(set: set, select: select, ids: batch, missing: missing, parse: parse) }
            }
            return await group.reduce(into: [String: Observation]()) { $0.merge($1) { first, _ in first } }
        }
        observations.merge(answered) { _, confirmed in confirmed }
        return observations
    }

    /// One `$batch`; the ids it could not settle are left out of the answer.
    private func confirmBatch<Observation: Sendable>(
        set: String, select: String, ids: [String], missing: Observation, parse: RowParser<Observation>
    ) async -> [String: Observation] {
        let urls = ids.compactMap { apiURL("\(set)(\($0))?$select=\(PercentEncoding.queryValue(select))") }
        guard urls.count == ids.count, let batchURL = apiURL("$batch") else { return [:] }
        let request = BatchRequestBody(gets: urls, headers: [HTTPHeader("Prefer", "odata.include-annotations=\"*\"")])
        let headers = [HTTPHeader("Content-Type", request.contentType), HTTPHeader("Prefer", "odata.continue-on-error")]
        let attempt = await execute("POST", batchURL, headers: headers, body: request.body)
        guard case .success = attempt.classification, case let .sent(.answered(_, _, contentType, body)) = attempt,
              let answer = BatchResponse.parse(body, contentType: contentType), answer.parts.count == ids.count
        else { return [:] }
        var observations: [String: Observation] = [:]
        for (id, part) in zip(ids, answer.parts) {
            switch part.status {
            case 200:
                if let row = parse(part.body), row.id == id { observations[id] = row.observation }
            case 404 where DataverseErrorBody.parse(part.body)?.code == Self.objectDoesNotExistCode:
                observations[id] = missing
            case 429:
                await throttled(retryAfter: part.headers["retry-after"])
            default:
                continue
            }
        }
        return observations
    }
}
