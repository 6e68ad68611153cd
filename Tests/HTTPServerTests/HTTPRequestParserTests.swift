import HTTPServer
import Testing

@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    private func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    @Test func parsesRequestLineQueryAndHeaders() throws {
        let text = "GET /org/api/data/v9.2/leads?%24select=fullname&%24filter=a+eq+%27x%20y%27&flag HTTP/1.1\r\nHost: x\r\nPREFER: a\r\nprefer: b\r\n\r\n"
        guard case .complete(let request, let consumed) = parseHTTPRequest(bytes(text)) else {
            Issue.record("not parsed")
            return
        }
        #expect(consumed == text.utf8.count)
        #expect(request.method == "GET")
        #expect(request.path == "/org/api/data/v9.2/leads")
        #expect(request.rawQuery == "%24select=fullname&%24filter=a+eq+%27x%20y%27&flag")
        #expect(request.queryValue("$select") == "fullname")
        #expect(request.queryValue("$filter") == "a eq 'x y'")
        #expect(request.queryValue("flag") == "")
        #expect(request.headers["prefer"] == "a")
        #expect(request.headers.values(for: "Prefer") == ["a", "b"])
        #expect(request.keepAlive)
    }

    @Test func waitsForBytesSplitAcrossReads() {
        let text = "POST /t HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello"
        let all = Array(text.utf8)
        let headerLength = all.count - 5
        for cut in 0..<headerLength - 1 {
            #expect(parseHTTPRequest(all[0..<cut]) == .needMoreBytes, "cut at \(cut)")
        }
        for cut in headerLength..<all.count {
            #expect(parseHTTPRequest(all[0..<cut]) == .awaitingBody(totalByteCount: all.count, expectsContinue: true))
        }
        guard case .complete(let request, let consumed) = parseHTTPRequest(all[...]) else {
            Issue.record("not complete")
            return
        }
        #expect(request.body == Array("hello".utf8))
        #expect(consumed == all.count)
    }

    @Test func consumesOnlyTheFirstOfPipelinedRequests() {
        let first = "GET /a HTTP/1.1\r\n\r\n"
        let result = parseHTTPRequest(bytes(first + "GET /b HTTP/1.1\r\n\r\n"))
        guard case .complete(let request, let consumed) = result else {
            Issue.record("not complete")
            return
        }
        #expect(request.path == "/a")
        #expect(consumed == first.utf8.count)
    }

    @Test(arguments: [
        ("GET /a\r\n\r\n", HTTPParseError.malformedRequestLine),
        ("GET  /a HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET http://x/a HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("G(T /a HTTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET /a HTTP/2.0\r\n\r\n", .unsupportedVersion),
        ("GET /a FTP/1.1\r\n\r\n", .malformedRequestLine),
        ("GET /a%zz HTTP/1.1\r\n\r\n", .malformedRequestTarget),
        ("GET /a HTTP/1.1\r\nNoColon\r\n\r\n", .malformedHeader),
        ("GET /a HTTP/1.1\r\nBad Name: x\r\n\r\n", .malformedHeader),
        ("GET /a HTTP/1.1\r\n folded: x\r\n\r\n", .malformedHeader),
        ("GET /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("GET /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .invalidContentLength),
        ("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", .unsupportedTransferEncoding),
    ])
    func refusesMalformedRequests(text: String, expected: HTTPParseError) {
        #expect(parseHTTPRequest(bytes(text)) == .failure(expected))
    }

    @Test func refusesOversizedHeaderAndBody() {
        let limits = HTTPParseLimits(maxHeaderBytes: 1024, maxBodyBytes: 10)
        let longHeader = "GET /a HTTP/1.1\r\nX: " + String(repeating: "a", count: 2000)
        #expect(parseHTTPRequest(bytes(longHeader), limits: limits) == .failure(.headersTooLarge))
        #expect(parseHTTPRequest(bytes("GET /a HTTP/1.1\r\nX: a"), limits: limits) == .needMoreBytes)
        let bigBody = "POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\n"
        #expect(parseHTTPRequest(bytes(bigBody), limits: limits) == .failure(.bodyTooLarge))
        #expect(HTTPParseError.headersTooLarge.status == 431)
        #expect(HTTPParseError.bodyTooLarge.status == 413)
    }

    @Test func honoursConnectionClose() throws {
        guard case .complete(let closing, _) = parseHTTPRequest(bytes("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")),
            case .complete(let old, _) = parseHTTPRequest(bytes("GET / HTTP/1.0\r\n\r\n"))
        else {
            Issue.record("not parsed")
            return
        }
        #expect(!closing.keepAlive)
        #expect(!old.keepAlive)
    }
}
