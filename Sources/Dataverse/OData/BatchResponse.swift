import Foundation

/// The answer to a `$batch` (PA `webapi/execute-batch-operations-using-web-api`): a
/// `multipart/mixed` body whose parts are `application/http` responses, "The order of the
/// responses will match the order of the requests in the batch operation", each with its own
/// status line, header fields and body. The boundary is the `Content-Type` parameter; the
/// page's examples show the body's first line `--batchresponse_<id>` without the header, so
/// that line is read when the header names none.
///
/// Anything else (a part that is not an HTTP response, a change set inside, no closing
/// delimiter) makes the whole answer unreadable: nil, never a guess about which part is which.
struct BatchResponse: Sendable, Equatable {
    struct Part: Sendable, Equatable {
        var status: Int
        /// Field names lower-cased.
        var headers: [String: String]
        var body: Data
    }

    var parts: [Part]

    static func parse(_ body: Data, contentType: String?) -> BatchResponse? {
        let bytes = [UInt8](body)
        guard let boundary = boundary(contentType) ?? firstDelimiter(bytes) else { return nil }
        let lines = splitLines(bytes)
        let opening = Array("--\(boundary)".utf8)
        let closing = opening + Array("--".utf8)
        var parts: [Part] = []
        var current: [[UInt8]]?
        for line in lines {
            let trimmed = trimTrailingWhitespace(line)
            if trimmed == opening || trimmed == closing {
                if let lines = current {
                    guard let part = part(lines) else { return nil }
                    parts.append(part)
                }
                if trimmed == closing { return BatchResponse(parts: parts) }
                current = []
            } else {
                current?.append(line)
            }
        }
        return nil
    }

    /// `multipart/mixed; boundary=…` (quoted or not).
    private static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/mixed") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The boundary named by the body's first non-empty line, `--<boundary>`.
    private static func firstDelimiter(_ bytes: [UInt8]) -> String? {
        guard let line = splitLines(bytes).map(trimTrailingWhitespace).first(where: { !$0.isEmpty }),
              line.count > 2, line.starts(with: Array("--".utf8))
        else { return nil }
        return String(decoding: line.dropFirst(2), as: UTF8.self)
    }

    /// One part: its own fields (`Content-Type: application/http`), a blank line, then the
    /// response's status line, fields, a blank line and body.
    private static func part(_ lines: [[UInt8]]) -> Part? {
        guard let blank = lines.firstIndex(where: { trimTrailingWhitespace($0).isEmpty }) else { return nil }
        let own = fields(lines[..<blank])
        guard own?["content-type"]?.lowercased().hasPrefix("application/http") == true else { return nil }
        let message = Array(lines[(blank + 1)...])
        guard let statusLine = message.first, let status = statusCode(String(decoding: trimTrailingWhitespace(statusLine), as: UTF8.self))
        else { return nil }
        let headerEnd = message.dropFirst().firstIndex { trimTrailingWhitespace($0).isEmpty } ?? message.endIndex
        guard let headers = fields(message[1..<headerEnd]) else { return nil }
        let content = headerEnd < message.endIndex ? message[(headerEnd + 1)...] : []
        let body = Data(content.joined(separator: [UInt8(ascii: "\n")]))
        return Part(status: status, headers: headers, body: trimmed(body))
    }

    /// `HTTP/1.1 404 Not Found` → 404.
    private static func statusCode(_ line: String) -> Int? {
        let words = line.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0].hasPrefix("HTTP/"), words[1].count == 3, let status = Int(words[1]),
              (100...599).contains(status)
        else { return nil }
        return status
    }

    /// `Name: value` lines; nil when one has no colon.
    private static func fields(_ lines: ArraySlice<[UInt8]>) -> [String: String]? {
        var fields: [String: String] = [:]
        for line in lines {
            let text = String(decoding: trimTrailingWhitespace(line), as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { return nil }
            fields[text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Lines split at LF, each without its CR.
    private static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : Array(line)
        }
    }

    private static func trimTrailingWhitespace(_ line: [UInt8]) -> [UInt8] {
        var line = line
        while let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }

    /// The body without the blank lines before the next delimiter.
    private static func trimmed(_ body: Data) -> Data {
        var bytes = [UInt8](body)
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        return Data(bytes)
    }
}
