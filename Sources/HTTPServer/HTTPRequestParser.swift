/// Size limits the parser enforces before a request is accepted.
public struct HTTPParseLimits: Sendable, Equatable {
    /// Request line plus header fields, including the blank line that ends them.
    public var maxHeaderBytes: Int
    public var maxBodyBytes: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}

/// What the bytes received so far amount to.
public enum HTTPParseResult: Sendable, Equatable {
    /// The header section is not complete yet.
    case needMoreBytes
    /// The header section is valid; the whole message is `totalByteCount` long. Lets the
    /// caller wait for the body without re-parsing, and answer `100 Continue` when asked.
    case awaitingBody(totalByteCount: Int, expectsContinue: Bool)
    /// A complete request that used the first `consumedByteCount` bytes (more may follow:
    /// pipelining).
    case complete(HTTPRequest, consumedByteCount: Int)
    case failure(HTTPParseError)
}

/// Parses one HTTP/1.x request from the front of `bytes`. A pure function (no I/O, no
/// state) so it can be tested and fuzzed on its own; only `Content-Length` bodies are
/// understood, which is what curl sends.
public func parseHTTPRequest(_ bytes: ArraySlice<UInt8>, limits: HTTPParseLimits = HTTPParseLimits()) -> HTTPParseResult {
    guard let headerEnd = endOfHeaderSection(bytes, searchLimit: limits.maxHeaderBytes) else {
        return bytes.count >= limits.maxHeaderBytes ? .failure(.headersTooLarge) : .needMoreBytes
    }
    let head: ParsedHead
    do {
        head = try parseHead(bytes[bytes.startIndex..<headerEnd - 4])
    } catch {
        return .failure(error)
    }
    let bodyLength: Int
    do {
        bodyLength = try declaredBodyLength(head.headers)
    } catch {
        return .failure(error)
    }
    if bodyLength > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
    let headerByteCount = headerEnd - bytes.startIndex
    let totalByteCount = headerByteCount + bodyLength
    guard bytes.count >= totalByteCount else {
        let expectsContinue = head.headers["Expect"]?.lowercased() == "100-continue"
        return .awaitingBody(totalByteCount: totalByteCount, expectsContinue: expectsContinue)
    }
    let body = Array(bytes[headerEnd..<headerEnd + bodyLength])
    do {
        let request = try HTTPRequest(
            method: head.method, target: head.target, minorVersion: head.minorVersion, headers: head.headers,
            body: body)
        return .complete(request, consumedByteCount: totalByteCount)
    } catch {
        return .failure(error)
    }
}

private struct ParsedHead {
    var method: String
    var target: String
    var minorVersion: Int
    var headers: HTTPHeaders
}

private let carriageReturn = UInt8(ascii: "\r")
private let lineFeed = UInt8(ascii: "\n")

/// Index just past the `CRLF CRLF` that ends the header section, if it lies within the limit.
private func endOfHeaderSection(_ bytes: ArraySlice<UInt8>, searchLimit: Int) -> Int? {
    let end = min(bytes.endIndex, bytes.startIndex + searchLimit)
    var index = bytes.startIndex
    while index + 3 < end {
        if bytes[index + 3] == lineFeed, bytes[index + 2] == carriageReturn, bytes[index + 1] == lineFeed,
            bytes[index] == carriageReturn
        {
            return index + 4
        }
        index += 1
    }
    return nil
}

private func splitLines(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    var lineStart = bytes.startIndex
    var index = bytes.startIndex
    while index < bytes.endIndex {
        if bytes[index] == carriageReturn {
            guard index + 1 < bytes.endIndex, bytes[index + 1] == lineFeed else { throw .malformedHeader }
            lines.append(bytes[lineStart..<index])
            index += 2
            lineStart = index
        } else if bytes[index] == lineFeed || bytes[index] == 0 {
            throw .malformedHeader
        } else {
            index += 1
        }
    }
    lines.append(bytes[lineStart..<bytes.endIndex])
    return lines
}

private func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> ParsedHead {
    let lines: [ArraySlice<UInt8>]
    do {
        lines = try splitLines(bytes)
    } catch {
        throw .malformedRequestLine
    }
    guard let requestLine = lines.first else { throw .malformedRequestLine }
    let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte), !parts[1].isEmpty,
        parts[1].allSatisfy(isTargetByte), parts[1].first == UInt8(ascii: "/")
    else { throw .malformedRequestLine }
    let minorVersion = try parseVersion(parts[2])
    var headers = HTTPHeaders()
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformedHeader }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .malformedHeader }
        let value = line[(colon + 1)...]
        guard value.allSatisfy(isFieldValueByte) else { throw .malformedHeader }
        headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self).trimmingSpaces())
    }
    return ParsedHead(
        method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
        minorVersion: minorVersion, headers: headers)
}

private func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
    let text = String(decoding: bytes, as: UTF8.self)
    switch text {
    case "HTTP/1.1": return 1
    case "HTTP/1.0": return 0
    default:
        let looksLikeVersion = text.hasPrefix("HTTP/") && text.count == 8
        throw looksLikeVersion ? .unsupportedVersion : .malformedRequestLine
    }
}

private func declaredBodyLength(_ headers: HTTPHeaders) throws(HTTPParseError) -> Int {
    let lengths = headers.values(for: "Content-Length")
    if headers.contains("Transfer-Encoding") {
        throw lengths.isEmpty ? .unsupportedTransferEncoding : .invalidContentLength
    }
    guard let first = lengths.first else { return 0 }
    guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
        first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(first)
    else { throw .invalidContentLength }
    return length
}

/// RFC 9110 `tchar`.
private func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    default:
        return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}

/// Visible ASCII only: no spaces or controls inside a request target.
private func isTargetByte(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

/// Field values may hold spaces, tabs and obs-text, never other control bytes.
private func isFieldValueByte(_ byte: UInt8) -> Bool { byte == 0x09 || (byte >= 0x20 && byte != 0x7F) }
