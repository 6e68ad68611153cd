import Foundation
import SocialSyncCore
import Testing

@Suite("Rule expressions (R40): parsed into a value, refused naming the term")
struct RuleExpressionTests {
    static func post(
        text: String = "My printer is on fire", author: String = "Ann Example", sentiment: Sentiment? = .negative,
        tags: [String] = ["Support", "hardware"], source: Community = .twitter
    ) -> Post {
        Post(id: "p1", url: "https://example.test/p1", author: author, text: text, sentiment: sentiment, tags: tags, source: source, publishedAt: Fixtures.epoch)
    }

    static func matches(_ expression: String?, _ post: Post = post()) throws -> Bool {
        try RuleExpressionParser.parse(expression).matches(post)
    }

    @Test func r40_anAbsentOrEmptyExpressionMatchesEveryPost() throws {
        #expect(try RuleExpressionParser.parse(nil) == .everyPost)
        #expect(try RuleExpressionParser.parse("   ") == .everyPost)
        #expect(try Self.matches(nil) && Self.matches(""))
    }

    @Test func r40_termsAreParsedIntoFieldsValuesAndNegation() throws {
        let expression = try RuleExpressionParser.parse(#"source:twitter,facebook -tag:"spam, really" text:"on fire""#)
        #expect(expression.terms == [
            .init(field: .source, values: ["twitter", "facebook"]),
            .init(field: .tag, values: ["spam, really"], isNegated: true),
            .init(field: .text, values: ["on fire"]),
        ])
    }

    @Test func r40_everyTermMustHoldAndAnyValueOfATermIsEnough() throws {
        #expect(try Self.matches("source:facebook,twitter sentiment:negative"))
        #expect(try !Self.matches("source:twitter sentiment:positive"))
        #expect(try Self.matches("sentiment:positive,negative"))
    }

    @Test func r40_negatedTermsHoldWhenNoValueMatches() throws {
        #expect(try Self.matches("-source:facebook"))
        #expect(try !Self.matches("-source:facebook,twitter"))
        #expect(try Self.matches("-tag:spam"))
    }

    @Test func r40_fieldsCompareCaseInsensitively() throws {
        #expect(try Self.matches("TEXT:PRINTER author:ann tag:SUPPORT Source:Twitter"))
        #expect(try !Self.matches("tag:sup"), "a tag matches whole")
        #expect(try Self.matches("text:fire author:example"), "text and author match substrings")
        #expect(try Self.matches(#"text:"printer is""#))
    }

    @Test func r40_sentimentNoneMatchesAPostWithoutOne() throws {
        #expect(try Self.matches("sentiment:none", Self.post(sentiment: nil)))
        #expect(try !Self.matches("sentiment:none"))
        #expect(try Self.matches("sentiment:neutral", Self.post(sentiment: .neutral)))
    }

    @Test func r40_sourcesOtherThanTwitterAndFacebookAreOther() throws {
        #expect(try Self.matches("source:other", Self.post(source: .other)))
        #expect(try Self.matches("source:instagram", Self.post(source: .other)), "a source stored as other")
        #expect(try !Self.matches("source:instagram"))
    }

    @Test func r40_quotedValuesKeepEscapedQuotesAndBackslashes() throws {
        let expression = try RuleExpressionParser.parse(#"text:"say \"hi\" \\ bye""#)
        #expect(expression.terms == [.init(field: .text, values: [#"say "hi" \ bye"#])])
    }

    @Test(arguments: [
        ("printer", RuleExpressionError.missingColon(term: "printer")),
        ("colour:red", .unknownField(term: "colour:red", field: "colour")),
        ("-:x", .unknownField(term: "-:x", field: "")),
        ("tag:", .missingValue(term: "tag:")),
        ("tag:a,,b", .missingValue(term: "tag:a,,b")),
        ("tag:a,", .missingValue(term: "tag:a,")),
        (#"tag:"""#, .missingValue(term: #"tag:"""#)),
        (#"text:"on fire"#, .unterminatedQuote(term: #"text:"on fire"#)),
        (#"text:on"fire""#, .unexpectedQuote(term: #"text:on"fire""#)),
        (#"text:"on"fire"#, .unexpectedQuote(term: #"text:"on"fire"#)),
        ("sentiment:angry", .unknownSentiment(term: "sentiment:angry", value: "angry")),
    ])
    func r40_anExpressionThatDoesNotParseIsRefusedNamingTheTerm(_ source: String, _ error: RuleExpressionError) throws {
        #expect(throws: error) { try RuleExpressionParser.parse("source:twitter \(source)") }
        #expect(error.description.contains(error.term))
    }

    @Test func r41_theMostRecentlyActivatedMatchingRuleRoutes() throws {
        func rule(_ id: String, _ match: String?, activated seconds: Double) throws -> RoutingRules.ActiveRule {
            RoutingRules.ActiveRule(
                rule: AutomationRule(id: id, instanceID: "contoso", match: match),
                expression: try RuleExpressionParser.parse(match), activatedAt: Fixtures.epoch.addingTimeInterval(seconds))
        }
        let rules = [try rule("old", nil, activated: 0), try rule("newest", "source:facebook", activated: 30), try rule("newer", "tag:support", activated: 20)]
        #expect(RoutingRules.route(Self.post(), among: rules)?.rule.id == "newer", "the newest rule does not match")
        #expect(RoutingRules.route(Self.post(source: .facebook), among: rules)?.rule.id == "newest")
        #expect(RoutingRules.route(Self.post(), among: Array(rules.reversed()))?.rule.id == "newer", "the order read does not matter")
        #expect(RoutingRules.route(Self.post(tags: []), among: [try rule("b", nil, activated: 5), try rule("a", nil, activated: 5)])?.rule.id == "a")
        #expect(RoutingRules.route(Self.post(), among: []) == nil)
    }
}
