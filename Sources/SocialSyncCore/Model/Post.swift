import struct Foundation.Date

/// A social post known to Social Engagement. Its text and author are personal data:
/// they are sent only to the instance a link targets (N4) and never logged.
public struct Post: Sendable, Equatable {
    public var id: String
    public var url: String
    public var author: String
    public var authorURL: String?
    public var text: String
    public var sentiment: Sentiment?
    public var tags: [String]
    public var source: Community
    public var publishedAt: Date

    public init(
        id: String, url: String, author: String, authorURL: String? = nil, text: String,
        sentiment: Sentiment?, tags: [String], source: Community, publishedAt: Date
    ) {
        self.id = id
        self.url = url
        self.author = author
        self.authorURL = authorURL
        self.text = text
        self.sentiment = sentiment
        self.tags = tags
        self.source = source
        self.publishedAt = publishedAt
    }
}

/// Social Engagement's sentiment value: 1 positive, 0 neutral, -1 negative.
public enum Sentiment: Int, Sendable, Codable {
    case negative = -1, neutral = 0, positive = 1

    public init?(label: String) {
        switch label.lowercased() {
        case "positive": self = .positive
        case "neutral": self = .neutral
        case "negative": self = .negative
        default: return nil
        }
    }
}

/// The community a post comes from, with Dataverse's `community` option values.
public enum Community: String, Sendable, Codable {
    case other, facebook, twitter

    public init(source: String) {
        self = Community(rawValue: source.lowercased()) ?? .other
    }

    /// `socialactivity.community` / `socialprofile.community`: 0 other, 1 Facebook, 2 Twitter.
    public var optionValue: Int {
        switch self {
        case .other: 0
        case .facebook: 1
        case .twitter: 2
        }
    }
}
