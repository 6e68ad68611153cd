/// An automation rule's `--match` expression as a value (docs/interface.md, "Rule
/// expression"): terms that must all hold. Parsed once, when the rule is added, so a rule
/// that is stored can always be evaluated; evaluating it is a total function of the post.
public struct RuleExpression: Sendable, Equatable {
    /// The post field a term looks at.
    public enum Field: String, Sendable, CaseIterable {
        /// The post's community (`twitter`, `facebook`, `other`).
        case source
        /// `positive`, `neutral`, `negative`, or `none` for a post without one.
        case sentiment
        /// One of the post's tags, whole and case-insensitive.
        case tag
        /// A case-insensitive substring of the text.
        case text
        /// A case-insensitive substring of the author's name.
        case author
    }

    /// `FIELD:V1,V2` holds when any value matches; `-FIELD:V1,V2` when none does.
    public struct Term: Sendable, Equatable {
        public var field: Field
        /// Lowercased, since every comparison is case-insensitive.
        public var values: [String]
        public var isNegated: Bool

        public init(field: Field, values: [String], isNegated: Bool = false) {
            self.field = field
            self.values = values.map { $0.lowercased() }
            self.isNegated = isNegated
        }
    }

    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// The expression that matches every post (an absent or empty `--match`).
    public static let everyPost = RuleExpression(terms: [])

    public func matches(_ post: Post) -> Bool {
        terms.allSatisfy { $0.holds(for: post) }
    }
}

extension RuleExpression.Term {
    func holds(for post: Post) -> Bool {
        values.contains { matches($0, post) } != isNegated
    }

    private func matches(_ value: String, _ post: Post) -> Bool {
        switch field {
        case .source: Community(source: value) == post.source
        case .sentiment: value == RuleExpression.sentimentName(post.sentiment)
        case .tag: post.tags.contains { $0.lowercased() == value }
        case .text: post.text.lowercased().contains(value)
        case .author: post.author.lowercased().contains(value)
        }
    }
}

extension RuleExpression {
    /// The names `sentiment:` accepts, `none` standing for a post without a sentiment.
    static let sentimentNames = ["positive", "neutral", "negative", "none"]

    static func sentimentName(_ sentiment: Sentiment?) -> String {
        switch sentiment {
        case .positive: "positive"
        case .neutral: "neutral"
        case .negative: "negative"
        case nil: "none"
        }
    }
}
