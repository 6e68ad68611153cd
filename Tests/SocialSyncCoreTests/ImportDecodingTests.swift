import Testing
import SocialSyncCore

/// JSON Lines decoding for `posts import` and `links import`.
@Suite struct ImportDecodingTests {
    @Test func decodesAPostWithLabelsAndNumbers() throws {
        let line = #"{"id":"p1","url":"https://t.co/1","author":"ann","text":"hi","sentiment":"negative","tags":["a"],"source":"Twitter","published_at":"2024-05-01T10:00:00Z"}"#
        let post = try PostLineDecoder.decode(Substring(line), line: 1)
        #expect(post.sentiment == .negative)
        #expect(post.source == .twitter)
        #expect(post.tags == ["a"])
        let numeric = try PostLineDecoder.decode(Substring(line.replacingOccurrences(of: #""negative""#, with: "1")), line: 1)
        #expect(numeric.sentiment == .positive)
        let other = try PostLineDecoder.decode(Substring(line.replacingOccurrences(of: "Twitter", with: "forum")), line: 1)
        #expect(other.source == .other)
    }

    @Test(arguments: [
        (#"{"id":"p1""#, "line 4: not valid JSON"),
        (#"[1]"#, "line 4: expected a JSON object"),
        (#"{"id":"p1","url":"u","author":"a","published_at":"2024-05-01T10:00:00Z","colour":"red"}"#, "line 4: unknown key 'colour'"),
        (#"{"id":"","url":"u","author":"a","published_at":"2024-05-01T10:00:00Z"}"#, "line 4: 'id' is required and must be a non-empty string"),
        (#"{"id":"p","url":"u","author":"a","published_at":"yesterday"}"#, "line 4: 'published_at' must be an ISO-8601 date-time, got 'yesterday'"),
        (#"{"id":"p","url":"u","author":"a","published_at":"2024-05-01T10:00:00Z","sentiment":2}"#, "line 4: 'sentiment' must be 1, 0, -1, null, or positive/neutral/negative"),
        (#"{"id":"p","url":"u","author":"a","published_at":"2024-05-01T10:00:00Z","tags":[1]}"#, "line 4: 'tags' must be an array of strings"),
    ])
    func badPostLinesNameTheLineAndTheProblem(line: String, message: String) {
        #expect(throws: ImportError.self) { try PostLineDecoder.decode(Substring(line), line: 4) }
        do {
            _ = try PostLineDecoder.decode(Substring(line), line: 4)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func decodesALinkAndLowercasesIds() throws {
        let line = #"{"post_id":"p1","instance":"contoso","activity_id":"AAAAAAAA-0000-0000-0000-000000000001","record_entity":"Incident","record_id":"BBBBBBBB-0000-0000-0000-000000000002"}"#
        let link = try LinkLineDecoder.decode(Substring(line), line: 1)
        #expect(link.activityID == "aaaaaaaa-0000-0000-0000-000000000001")
        #expect(link.record == RecordReference(entity: "incident", id: "bbbbbbbb-0000-0000-0000-000000000002"))
    }

    @Test func rejectsALinkWhoseIdsAreNotGUIDs() {
        let line = #"{"post_id":"p1","instance":"c","activity_id":"nope","record_entity":"incident","record_id":"BBBBBBBB-0000-0000-0000-000000000002"}"#
        #expect(throws: ImportError(line: 2, problem: "'activity_id' must be a GUID, got 'nope'")) {
            try LinkLineDecoder.decode(Substring(line), line: 2)
        }
    }

    @Test(arguments: [("record_entity", "in cident/../x"), ("record_entity", "incident\\n"), ("instance", "../c"), ("instance", "c\\\"")])
    func linkLineRefusesAFieldOutsideItsSyntax(_ key: String, _ value: String) throws {
        let fields = ["post_id": "p1", "instance": "contoso", "activity_id": "AAAAAAAA-0000-0000-0000-000000000001", "record_entity": "incident", "record_id": "BBBBBBBB-0000-0000-0000-000000000002"]
            .merging([key: value]) { _, new in new }
        let line = "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        let error = try #require(throws: ImportError.self) { try LinkLineDecoder.decode(line[...], line: 4) }
        #expect(error.line == 4)
        #expect(error.problem.contains("'\(key)'"), "\(error.problem)")
    }

    @Test func invalidUTF8IsRefusedNamingTheLineAndTheByte() throws {
        let error = try #require(throws: ImportError.self) { try UTF8Line.decode(Array("caf".utf8) + [0xC3], line: 2) }
        #expect(error == ImportError(line: 2, problem: "not valid UTF-8 (first bad byte at byte 4 of the line)"))
        #expect(try UTF8Line.decode(Array("café".utf8), line: 1) == "café")
    }
}
