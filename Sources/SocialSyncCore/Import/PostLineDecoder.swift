import Foundation

/// Decodes one line of `posts import` (interface.md, "Post line").
public enum PostLineDecoder {
    static let keys: Set<String> = ["id", "url", "author", "author_url", "text", "sentiment", "tags", "source", "published_at"]

    public static func decode(_ text: Substring, line: Int) throws(ImportError) -> Post {
        let fields = try JSONLineFields(text, line: line, allowed: keys)
        let published = try fields.requiredString("published_at")
        guard let publishedAt = Timestamp.parse(published) else {
            throw ImportError(line: line, problem: "'published_at' must be an ISO-8601 date-time, got '\(published)'")
        }
        return Post(
            id: try fields.requiredString("id"),
            url: try fields.requiredString("url"),
            author: try fields.requiredString("author"),
            authorURL: try fields.optionalString("author_url"),
            text: try fields.optionalString("text") ?? "",
            sentiment: try sentiment(fields.raw("sentiment"), line: line),
            tags: try fields.stringArray("tags"),
            source: Community(source: try fields.optionalString("source") ?? "other"),
            publishedAt: publishedAt
        )
    }

    /// Social Engagement's 1 / 0 / -1 or null; the labels are accepted too.
    static func sentiment(_ value: Any?, line: Int) throws(ImportError) -> Sentiment? {
        switch value {
        case nil: return nil
        case let label as String:
            if let sentiment = Sentiment(label: label) { return sentiment }
        case let number as NSNumber:
            if let sentiment = Sentiment(rawValue: number.intValue), Double(number.intValue) == number.doubleValue {
                return sentiment
            }
        default: break
        }
        throw ImportError(line: line, problem: "'sentiment' must be 1, 0, -1, null, or positive/neutral/negative")
    }
}
