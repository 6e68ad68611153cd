/// Why a `--match` expression was refused; each case names the term as the operator wrote
/// it, so the message points at what to fix.
public enum RuleExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColon(term: String)
    case unknownField(term: String, field: String)
    case missingValue(term: String)
    case unterminatedQuote(term: String)
    case unexpectedQuote(term: String)
    case unknownSentiment(term: String, value: String)

    public var description: String {
        switch self {
        case .missingColon(let term):
            "match term '\(term)' is not FIELD:VALUE (fields: \(Self.fields))"
        case .unknownField(let term, let field):
            "match term '\(term)' names unknown field '\(field)' (fields: \(Self.fields))"
        case .missingValue(let term):
            "match term '\(term)' has an empty value"
        case .unterminatedQuote(let term):
            "match term '\(term)' has a quote that is never closed"
        case .unexpectedQuote(let term):
            "match term '\(term)' has a quote inside a value; quote the whole value"
        case .unknownSentiment(let term, let value):
            "match term '\(term)' names unknown sentiment '\(value)' (\(RuleExpression.sentimentNames.joined(separator: ", ")))"
        }
    }

    private static var fields: String { RuleExpression.Field.allCases.map(\.rawValue).joined(separator: ", ") }
}

extension RuleExpressionError {
    /// The term as the operator wrote it.
    public var term: String {
        switch self {
        case .missingColon(let term), .unknownField(let term, _), .missingValue(let term),
             .unterminatedQuote(let term), .unexpectedQuote(let term), .unknownSentiment(let term, _):
            term
        }
    }
}
