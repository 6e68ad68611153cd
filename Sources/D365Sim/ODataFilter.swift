/// The `$filter` subset the simulator understands: "property equals one of these values",
/// written either as `Microsoft.Dynamics.CRM.In(PropertyName='p',PropertyValues=['a','b'])`
/// (parameter aliases allowed) or as `p eq v`, combined with `and` and `or` and
/// parentheses. Anything else is refused rather than guessed at.
struct ODataFilter: Equatable {
    struct Condition: Equatable {
        var property: String
        var values: [ODataLiteral]
    }

    /// The filter in disjunctive form: a row matches when it meets every condition of at
    /// least one clause.
    var clauses: [[Condition]]

    /// `aliases` resolves `@p1`-style parameters from the query string.
    init(parsing text: String, aliases: [String: String]) throws(ODataError) {
        var parser = FilterParser(tokens: try ODataTokenizer.tokenize(text), aliases: aliases)
        clauses = try parser.parseFilter()
    }

    /// Whether a value (of a row, or of a metadata item) meets every condition of a clause.
    static func matches(_ clause: [Condition], _ value: (String) -> JSONValue) -> Bool {
        clause.allSatisfy { condition in condition.values.contains { $0.matches(value(condition.property)) } }
    }
}

enum ODataLiteral: Equatable {
    case string(String)
    case guid(GUID)
    case integer(Int)
    case boolean(Bool)
    case null

    func matches(_ stored: JSONValue) -> Bool {
        switch self {
        case .string(let text): stored == .string(text)
        case .guid(let id): stored.stringValue.flatMap(GUID.init) == id
        case .integer(let number): stored == .integer(number)
        case .boolean(let flag): stored == .bool(flag)
        case .null: stored == .null
        }
    }
}

enum ODataToken: Equatable {
    case word(String)
    case string(String)
    case symbol(Character)
}

enum ODataTokenizer {
    static func tokenize(_ text: String) throws(ODataError) -> [ODataToken] {
        var tokens: [ODataToken] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t" {
                index += 1
            } else if "()[],=".contains(character) {
                tokens.append(.symbol(character))
                index += 1
            } else if character == "'" {
                var value = ""
                index += 1
                while true {
                    guard index < characters.count else { throw .syntax("unterminated string literal in $filter") }
                    if characters[index] == "'" {
                        if index + 1 < characters.count && characters[index + 1] == "'" {
                            value.append("'")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                tokens.append(.string(value))
            } else if character.isLetter || character.isNumber || "_.@-".contains(character) {
                var word = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || "_.@-".contains(characters[index])
                {
                    word.append(characters[index])
                    index += 1
                }
                tokens.append(.word(word))
            } else {
                throw .syntax("unexpected character '\(character)' in $filter")
            }
        }
        return tokens
    }
}

private struct FilterParser {
    var tokens: [ODataToken]
    var position = 0
    let aliases: [String: String]

    init(tokens: [ODataToken], aliases: [String: String]) {
        self.tokens = tokens
        self.aliases = aliases
    }

    mutating func parseFilter() throws(ODataError) -> [[ODataFilter.Condition]] {
        let clauses = try parseDisjunction()
        guard position == tokens.count else { throw .unsupported("$filter: unsupported expression near \(describe(tokens[position]))") }
        return clauses
    }

    private mutating func parseDisjunction() throws(ODataError) -> [[ODataFilter.Condition]] {
        var clauses = try parseConjunction()
        while peek() == .word("or") {
            position += 1
            clauses += try parseConjunction()
        }
        return clauses
    }

    /// `a and (b or c)` becomes the clauses `a and b`, `a and c`.
    private mutating func parseConjunction() throws(ODataError) -> [[ODataFilter.Condition]] {
        var clauses = try parsePrimary()
        while peek() == .word("and") {
            position += 1
            let right = try parsePrimary()
            clauses = clauses.flatMap { left in right.map { left + $0 } }
        }
        return clauses
    }

    private mutating func parsePrimary() throws(ODataError) -> [[ODataFilter.Condition]] {
        switch next() {
        case .symbol("("):
            let inner = try parseDisjunction()
            try expect(.symbol(")"))
            return inner
        case .word("Microsoft.Dynamics.CRM.In"):
            return [[try parseInCall()]]
        case .word(let property) where EntityDefinition.isWellFormedName(property) || property.first?.isUppercase == true:
            guard next() == .word("eq") else {
                throw .unsupported("$filter: only 'eq', 'and', 'or' and Microsoft.Dynamics.CRM.In are supported")
            }
            return [[ODataFilter.Condition(property: property, values: [try parseLiteral()])]]
        case let token:
            throw .syntax("$filter: unexpected \(token.map(describe) ?? "end of expression")")
        }
    }

    private mutating func parseInCall() throws(ODataError) -> ODataFilter.Condition {
        try expect(.symbol("("))
        try expect(.word("PropertyName"))
        try expect(.symbol("="))
        let propertyToken = try resolvingAlias { parser throws(ODataError) in try parser.parseLiteral() }
        guard case .string(let property) = propertyToken, EntityDefinition.isWellFormedName(property) else {
            throw .syntax("Microsoft.Dynamics.CRM.In: PropertyName must be a quoted column name")
        }
        try expect(.symbol(","))
        try expect(.word("PropertyValues"))
        try expect(.symbol("="))
        let values = try resolvingAlias { parser throws(ODataError) in try parser.parseList() }
        try expect(.symbol(")"))
        return ODataFilter.Condition(property: property, values: values)
    }

    /// Parses the next value in place, or, when it is a `@name` alias, from the alias's text.
    private mutating func resolvingAlias<Value>(
        _ parse: (inout FilterParser) throws(ODataError) -> Value
    ) throws(ODataError) -> Value {
        guard case .word(let word) = peek(), word.hasPrefix("@") else { return try parse(&self) }
        position += 1
        guard let text = aliases[word] else { throw .syntax("parameter alias \(word) has no value in the query") }
        var aliasParser = FilterParser(tokens: try ODataTokenizer.tokenize(text), aliases: [:])
        let value = try parse(&aliasParser)
        guard aliasParser.position == aliasParser.tokens.count else { throw .syntax("parameter alias \(word) is malformed") }
        return value
    }

    private mutating func parseList() throws(ODataError) -> [ODataLiteral] {
        try expect(.symbol("["))
        var values: [ODataLiteral] = []
        if peek() == .symbol("]") {
            position += 1
            return values
        }
        while true {
            values.append(try parseLiteral())
            switch next() {
            case .symbol(","): continue
            case .symbol("]"): return values
            case let token: throw .syntax("PropertyValues: expected ',' or ']' but found \(token.map(describe) ?? "end")")
            }
        }
    }

    private mutating func parseLiteral() throws(ODataError) -> ODataLiteral {
        switch next() {
        case .string(let text): return .string(text)
        case .word("null"): return .null
        case .word("true"): return .boolean(true)
        case .word("false"): return .boolean(false)
        case .word(let word):
            if let guid = GUID(word) { return .guid(guid) }
            if let number = Int(word) { return .integer(number) }
            throw .syntax("$filter: '\(word)' is not a supported literal")
        case let token:
            throw .syntax("$filter: expected a literal but found \(token.map(describe) ?? "end of expression")")
        }
    }

    private mutating func expect(_ token: ODataToken) throws(ODataError) {
        let found = next()
        guard found == token else {
            throw .syntax("$filter: expected \(describe(token)) but found \(found.map(describe) ?? "end of expression")")
        }
    }

    private func peek() -> ODataToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func next() -> ODataToken? {
        defer { position += 1 }
        return peek()
    }

    private func describe(_ token: ODataToken) -> String {
        switch token {
        case .word(let word): "'\(word)'"
        case .string(let text): "string '\(text)'"
        case .symbol(let symbol): "'\(symbol)'"
        }
    }
}
