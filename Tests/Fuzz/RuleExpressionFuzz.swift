// libFuzzer target: the rule expression parser of `rules add --match`
// (Sources/SocialSyncCore/Routing), compiled with the SocialSyncCore sources by
// scripts/fuzz.sh. Every input is an expression that evaluates on any post, or an error
// naming a term that is part of the input.

import struct Foundation.Date

private let samples = [
    Post(id: "p", url: "u", author: "Ann \"A\" Example", text: "printer, on fire", sentiment: .negative, tags: ["Support"], source: .twitter, publishedAt: Date(timeIntervalSince1970: 0)),
    Post(id: "q", url: "u", author: "", text: "", sentiment: nil, tags: [], source: .other, publishedAt: Date(timeIntervalSince1970: 0)),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRuleExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let expression = try RuleExpressionParser.parse(text)
        for post in samples { _ = expression.matches(post) }
        precondition(expression.terms.allSatisfy { !$0.values.isEmpty && !$0.values.contains("") }, "a term without a value")
    } catch {
        precondition(!error.term.isEmpty && text.contains(error.term), "error names no term of the input")
        precondition(!error.description.isEmpty)
    }
    return 0
}
