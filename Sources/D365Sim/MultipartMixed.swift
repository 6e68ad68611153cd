import HTTPServer

/// `multipart/mixed` bodies as `$batch` uses them (PA `webapi/execute-batch-operations-using-web-api`,
/// OData 4.0 part 1 §11.7, RFC 2046 §5.1): parts separated by `--<boundary>` lines, the
/// last one closed by `--<boundary>--`, each part its own header fields, a blank line, then
/// its content (an `application/http` message).
enum MultipartMixed {
    struct Part: Equatable {
        var headers: HTTPHeaders
        var content: [UInt8]
    }

    /// The `boundary` parameter of a `multipart/mixed` content type, quoted or not.
    static func boundary(ofContentType value: String?) -> String? {
        guard let value, value.lowercased().hasPrefix("multipart/mixed") else { return nil }
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimming(" \t") }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let boundary = pair[1].trimming("\"")
            return boundary.isEmpty ? nil : boundary
        }
        return nil
    }

    /// The parts of `body`, or nil when it is not closed by `--<boundary>--` or a part has
    /// no blank line after its header fields.
    static func parts(_ body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array("\r\n--\(boundary)".utf8)
        // The first delimiter may open the body without a line break before it.
        let text = (Array("\r\n".utf8) + body)[...]
        var starts: [Int] = []
        var index = 0
        while let found = find(delimiter, in: text, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        guard let last = starts.last, text[(last + delimiter.count)...].starts(with: Array("--".utf8)) else { return nil }
        var parts: [Part] = []
        for (start, end) in zip(starts, starts.dropFirst()) {
            let afterDelimiter = start + delimiter.count
            // The rest of the delimiter line (transport padding) ends with its line break.
            guard let lineEnd = find(Array("\r\n".utf8), in: text, from: afterDelimiter), lineEnd <= end,
                  let part = part(text[(lineEnd + 2)..<end])
            else { return nil }
            parts.append(part)
        }
        return parts
    }

    /// A body of `parts`, each with `Content-Type: application/http` and
    /// `Content-Transfer-Encoding: binary` as Dataverse writes them.
    static func body(_ contents: [[UInt8]], boundary: String) -> [UInt8] {
        var body: [UInt8] = []
        for content in contents {
            body += Array("--\(boundary)\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n".utf8)
            body += content
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
    }

    private static func part(_ bytes: ArraySlice<UInt8>) -> Part? {
        let blank = Array("\r\n\r\n".utf8)
        // A part without header fields starts with its blank line.
        let headerEnd = bytes.starts(with: Array("\r\n".utf8)) ? bytes.startIndex : find(blank, in: bytes, from: bytes.startIndex)
        guard let headerEnd else { return nil }
        var headers = HTTPHeaders()
        for line in String(decoding: bytes[bytes.startIndex..<headerEnd], as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.add(String(line[..<colon]).trimming(" \t"), String(line[line.index(after: colon)...]).trimming(" \t"))
        }
        let contentStart = headerEnd == bytes.startIndex ? headerEnd + 2 : headerEnd + blank.count
        return Part(headers: headers, content: Array(bytes[contentStart...]))
    }

    /// The index of the first `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard !needle.isEmpty else { return nil }
        var index = start
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
