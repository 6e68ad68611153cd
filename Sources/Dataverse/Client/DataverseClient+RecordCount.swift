import Foundation

extension DataverseClient {
    /// How many rows a table holds, from Dataverse's `RetrieveTotalRecordCount` function: "a
    /// snapshot within the past 24 hours of the total number of rows for a table" (PA
    /// `webapi/query/count-rows`), answered as an `EntityRecordCountCollection` whose `Keys`
    /// and `Values` pair logical names with counts (PA `webapi/web-api-functions-actions-sample`,
    /// section 5; the type's reference page is on learn.microsoft.com only).
    /// Chosen over `$count=true`, which stops at 5,000 (same page): the tables this sizes hold
    /// far more. A day-old figure is good enough for what it decides, which read costs less;
    /// nil on any failure, and nothing about a link ever depends on it.
    public func totalRecordCount(_ logicalName: String) async -> Int? {
        guard ODataIdentifier.isLogicalName(logicalName) else { return nil }
        // A parameter alias keeps the collection literal out of the path (PA
        // `webapi/use-web-api-functions`, "Passing parameters to a function").
        let relative = "RetrieveTotalRecordCount(EntityNames=@p1)?@p1=" + PercentEncoding.queryValue("[\"\(logicalName)\"]")
        return try? await read(relative) { root in Self.count(of: logicalName, in: root) }.get()
    }

    /// The count `Keys` pairs with the name; nil when the answer is not of that shape.
    static func count(of logicalName: String, in root: [String: Any]) -> Int? {
        guard let collection = root["EntityRecordCountCollection"] as? [String: Any],
              let keys = collection["Keys"] as? [String], let values = collection["Values"] as? [Any], keys.count == values.count,
              let index = keys.firstIndex(of: logicalName), let count = values[index] as? Int, count >= 0
        else { return nil }
        return count
    }
}
