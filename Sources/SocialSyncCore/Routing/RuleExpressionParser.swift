/// Reads the rule expression grammar of docs/interface.md:
///
///     expression := term (whitespace term)*      -- all must hold; empty matches every post
///     term       := ["-"] FIELD ":" value ("," value)*
///     value      := bare | '"' (char | '\"' | '\\')* '"'
///
/// A bare value has no whitespace, comma or quote. Total: every input is an expression or
/// a `RuleExpressionError` naming the term, never a crash (fuzzed in Tests/Fuzz).
public enum RuleExpressionParser {
    public static func parse(_ source: String?) throws(RuleExpressionError) -> RuleExpression {
        guard let source else { return .everyPost }
        var terms: [RuleExpression.Term] = []
        for written in try split(source) {
            terms.append(try term(written))
        }
        return RuleExpression(terms: terms)
    }

    /// The terms as written: split at whitespace outside double quotes.
    static func split(_ source: String) throws(RuleExpressionError) -> [String] {
        var terms: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in source {
            if escaped {
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if !quoted, character.isWhitespace {
                if !current.isEmpty { terms.append(current) }
                current = ""
                continue
            }
            current.append(character)
        }
        if quoted { throw .unterminatedQuote(term: current) }
        if !current.isEmpty { terms.append(current) }
        return terms
    }

    static func term(_ written: String) throws(RuleExpressionError) -> RuleExpression.Term {
        let isNegated = written.hasPrefix("-")
        let body = isNegated ? written.dropFirst() : Substring(written)
        guard let colon = body.firstIndex(of: ":") else { throw .missingColon(term: written) }
        let name = body[..<colon]
        guard let field = RuleExpression.Field(rawValue: name.lowercased()) else {
            throw .unknownField(term: written, field: String(name))
        }
        let values = try values(body[body.index(after: colon)...], term: written)
        if field == .sentiment, let unknown = values.first(where: { !RuleExpression.sentimentNames.contains($0.lowercased()) }) {
            throw .unknownSentiment(term: written, value: unknown)
        }
        return RuleExpression.Term(field: field, values: values, isNegated: isNegated)
    }

    /// Where the value reader is within one value.
    private enum ValueState {
        case bare, quoted, escaped, closed
    }

    static func values(_ text: Substring, term: String) throws(RuleExpressionError) -> [String] {
        var values: [String] = []
        var current = ""
        var state = ValueState.bare
        for character in text {
            switch (state, character) {
            case (.escaped, _):
                current.append(character)
                state = .quoted
            case (.quoted, "\\"):
                state = .escaped
            case (.quoted, "\""):
                state = .closed
            case (.quoted, _):
                current.append(character)
            case (.bare, "\""):
                guard current.isEmpty else { throw .unexpectedQuote(term: term) }
                state = .quoted
            case (.bare, ","), (.closed, ","):
                guard !current.isEmpty else { throw .missingValue(term: term) }
                values.append(current)
                current = ""
                state = .bare
            case (.bare, _):
                current.append(character)
            case (.closed, _):
                throw .unexpectedQuote(term: term)
            }
        }
        guard state == .bare || state == .closed else { throw .unterminatedQuote(term: term) }
        guard !current.isEmpty else { throw .missingValue(term: term) }
        values.append(current)
        return values
    }
}
