import Foundation
import SocialSyncCore

extension DataverseClient {
    /// One page of a whole-table read of the social activities: each row's id (lower-cased)
    /// and what it regards.
    public typealias ActivityPage = [(id: String, observation: ActivityObservation)]

    /// Reads every social activity the application user can read, a page at a time
    /// (`Prefer: odata.maxpagesize`, at most 5,000 rows, `@odata.nextLink` followed unchanged
    /// with the same header: PA `webapi/query/page-results`), with only the key and the
    /// regarding lookup and its `Microsoft.Dynamics.CRM.lookuplogicalname` annotation (PA
    /// `webapi/query/select-columns`). `body` gets each page as soon as it is decoded, so at
    /// most one page of this instance is in memory; `pages` bounds how many are across
    /// instances, held from the request until `body` has written the page.
    ///
    /// Returns whether every page was read. A failed request, an unreadable page or a next
    /// link outside the instance's API ends the read early (false): what the pages already
    /// given showed stands, and nothing is concluded about rows not seen (N1). A row left out
    /// proves nothing either (hidden rows are left out too, dataverse.md "What 'missing' means").
    public func forEachActivityPage(pages: AsyncSemaphore, _ body: (ActivityPage) async throws -> Void) async rethrows -> Bool {
        guard var url = apiURL("\(Self.activitySet)?$select=\(PercentEncoding.queryValue(Self.activitySelect))") else { return false }
        let prefer = HTTPHeader("Prefer", "odata.maxpagesize=\(configuration.pageSize),odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\"")
        while true {
            await pages.acquire()
            let read = await execute("GET", url, headers: [prefer]).classification
            guard case let .success(_, data) = read, let page = ObservedPage<ActivityRow>.decode(data) else {
                await pages.release()
                return false
            }
            do {
                try await body(page.rows.map { ($0.id, $0.observation) })
            } catch {
                await pages.release()
                throw error
            }
            await pages.release()
            guard let link = page.nextLink else { return true }
            guard let following = NextLink.url(link, under: apiBase) else { return false }
            url = following
        }
    }
}
