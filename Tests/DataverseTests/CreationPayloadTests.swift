import Foundation
import SocialSyncCore
import Testing

@Suite("Creation payload (R8, dataverse.md \"The payload MSE sent\")")
struct CreationPayloadTests {
    let incident = EntityMetadata(logicalName: "incident", entitySetName: "incidents", primaryIdAttribute: "incidentid", primaryNameAttribute: "title")
    let ids = CreationIDs(
        profileID: "AAAAAAAA-0000-0000-0000-000000000001", recordID: "aaaaaaaa-0000-0000-0000-000000000002",
        activityID: "aaaaaaaa-0000-0000-0000-000000000003")

    func post(text: String = "Line one\nline two", tags: [String] = ["billing", "urgent"], url: String = "https://twitter.com/a/status/1") -> Post {
        Post(
            id: "post-1", url: url, author: "@alice", authorURL: "https://twitter.com/alice", text: text, sentiment: .negative,
            tags: tags, source: .twitter, publishedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    func body(_ value: JSONValue) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(value.rendered().utf8)) as? [String: Any])
    }

    @Test func requestsAreCreateOnlyPatchesInOrder() {
        let plan = CreationPayload.plan(post: post(), record: incident, ids: ids)
        #expect(plan.requests.map(\.path) == [
            "socialprofiles(aaaaaaaa-0000-0000-0000-000000000001)", "incidents(aaaaaaaa-0000-0000-0000-000000000002)",
            "socialactivities(aaaaaaaa-0000-0000-0000-000000000003)",
        ])
        #expect(plan.requests.allSatisfy { $0.method == "PATCH" && $0.headers == ["If-None-Match": "*"] })
        #expect(plan.record == RecordReference(entity: "incident", id: ids.recordID))
    }

    @Test func activityCarriesTheDocumentedColumnsAndBinds() throws {
        let plan = CreationPayload.plan(post: post(), record: incident, ids: ids)
        let activity = try body(plan.requests[2].body)
        #expect(activity["subject"] as? String == "Line one line two")
        #expect(activity["description"] as? String == "Line one\nline two")
        #expect(activity["postid"] as? String == "post-1")
        #expect(activity["postedon"] as? String == "2023-11-14T22:13:20Z")
        #expect(activity["community"] as? Int == 2)
        #expect(activity["sentimentvalue"] as? Int == -1)
        #expect(activity["postmessagetype"] as? Int == 0)
        #expect(activity["directioncode"] as? Bool == false)
        #expect(activity["regardingobjectid_incident@odata.bind"] as? String == "/incidents(aaaaaaaa-0000-0000-0000-000000000002)")
        #expect(activity["postfromprofileid@odata.bind"] as? String == "/socialprofiles(aaaaaaaa-0000-0000-0000-000000000001)")
        let paramsText = try #require(activity["activityadditionalparams"] as? String)
        let params = try #require(try JSONSerialization.jsonObject(with: Data(paramsText.utf8)) as? [String: Any])
        #expect(params["targetEntityName"] as? String == "socialactivity")
        #expect(params["userPreferredTargetEntity"] as? String == "incident")
        #expect(params["profileName"] as? String == "@alice")
        #expect(params["MSEbacklinkPost"] as? String == "https://twitter.com/a/status/1")
        #expect(params["tags"] as? [String] == ["billing", "urgent"])
        let record = try body(plan.requests[1].body)
        #expect(record["title"] as? String == "Line one line two")
    }

    @Test func longValuesAreCutToColumnLengths() throws {
        let long = String(repeating: "é", count: 3000)
        let plan = CreationPayload.plan(
            post: post(text: long, tags: (0..<2000).map { "tag\($0)" }, url: "https://x.example/" + String(repeating: "p", count: 500)),
            record: incident, ids: ids)
        let activity = try body(plan.requests[2].body)
        #expect((activity["subject"] as? String)?.utf16.count == 200)
        #expect((activity["description"] as? String)?.utf16.count == 2000)
        #expect((activity["posturl"] as? String)?.utf16.count == 200)
        let params = try #require(activity["activityadditionalparams"] as? String)
        #expect(params.utf16.count <= 8192)
        #expect(params.contains("tag0"))
        #expect(!params.contains("tag1999"))
        #expect(ColumnText.truncated("a😀b", maxLength: 2) == "a")
    }

    @Test func dryRunRenderingIsDeterministicJSON() throws {
        let first = CreationPayload.plan(post: post(), record: incident, ids: ids).rendered()
        let second = CreationPayload.plan(post: post(), record: incident, ids: ids).rendered()
        #expect(first == second)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect((parsed["requests"] as? [Any])?.count == 3)
        // Documented order, not alphabetical: subject comes before description.
        let subject = try #require(first.range(of: "\"subject\""))
        let description = try #require(first.range(of: "\"description\""))
        #expect(subject.lowerBound < description.lowerBound)
    }

    @Test func jsonEscapesControlCharacters() {
        #expect(JSONValue.string("a\"b\\c\u{1}").rendered() == #""a\"b\\c\u0001""#)
    }
}
