import Foundation
import SocialSyncCore

extension DataverseClient {
    /// R16 for one record, as `links show` asks for it: one direct read of the row with the
    /// same columns a verification selects. nil when the instance does not answer with the
    /// row (any failure: the caller falls back to what the last verification stored). Says
    /// nothing about whether the record exists: only a verification decides that (N1).
    public func recordDetails(_ metadata: EntityMetadata, id: String) async -> RecordDetails? {
        let id = id.lowercased()
        guard GUID.isValid(id) else { return nil }
        let columns = RecordColumns(metadata)
        guard let url = apiURL("\(metadata.entitySetName)(\(id))?$select=\(PercentEncoding.queryValue(columns.select))") else { return nil }
        let prefer = HTTPHeader("Prefer", "odata.include-annotations=\"*\"")
        guard case let .success(_, body) = await execute("GET", url, headers: [prefer]).classification,
              let row = ObservedEntity.decode(body, recordColumns: columns) as RecordRow?, row.id == id
        else { return nil }
        return row.details
    }
}
