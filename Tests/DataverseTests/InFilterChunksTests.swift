@testable import Dataverse
import Foundation
import Testing

@Suite("Batched In filters stay under the URL limit")
struct InFilterChunksTests {
    @Test func everyEncodedURLFitsAndEveryIdIsAskedOnce() throws {
        let base = "https://contoso.crm4.dynamics.com/api/data/v9.2/"
        let ids = (0..<5000).map { String(format: "%08x-0000-4000-8000-%012x", $0, $0) }
        let chunker = InFilterChunks(set: "socialactivities", select: "activityid,_regardingobjectid_value", key: "activityid", apiBaseLength: base.utf8.count, maxURLLength: 32_768)
        let chunks = chunker.chunks(ids)
        #expect(chunks.count > 1)
        #expect(chunks.flatMap { $0 } == ids)
        for chunk in chunks {
            let url = try #require(URL(string: base + chunker.relativeURL(chunk)))
            #expect(url.absoluteString.utf8.count <= 32_768 - InFilterChunks.nextLinkReserve)
        }
        // Chunks are filled: one id more would not leave the room a next link needs.
        let first = chunks[0]
        #expect((base + chunker.relativeURL(first + [ids[first.count]])).utf8.count > 32_768 - InFilterChunks.nextLinkReserve)
        let filter = try #require(URLComponents(string: base + chunker.relativeURL([ids[0]]))?.queryItems?.first { $0.name == "$filter" }?.value)
        #expect(filter == "Microsoft.Dynamics.CRM.In(PropertyName='activityid',PropertyValues=['\(ids[0])'])")
    }
}
