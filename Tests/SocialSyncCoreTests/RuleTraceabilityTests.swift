import Foundation
import Testing

/// docs/behaviour.md gives every rule an id; the code spells the id where the rule is
/// decided and a test carries it in its name, so `grep -rn R21 Sources Tests` finds both.
/// This fails when a rule is added to the page without either, or an id is only ever
/// written as part of a range ("R20-R22").
@Suite("Rule ids are findable in the code and the tests")
struct RuleTraceabilityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The ids the rules page defines: `**R21**`, `**R8a A refused…**`, `**N1**`.
    static func ruleIDs() throws -> [String] {
        let page = try String(contentsOf: root.appendingPathComponent("docs/behaviour.md"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\*\*([RN][0-9]+a?)\b"#)
        let matches = pattern.matches(in: page, range: NSRange(page.startIndex..., in: page))
        let ids = matches.compactMap { Range($0.range(at: 1), in: page).map { String(page[$0]) } }
        return Array(Set(ids)).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    /// Every Swift file under `folder`, as one text.
    static func swiftText(under folder: String) throws -> String {
        let base = root.appendingPathComponent(folder)
        guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return "" }
        var text = ""
        for case let file as URL in files where file.pathExtension == "swift" {
            text += try String(contentsOf: file, encoding: .utf8) + "\n"
        }
        return text
    }

    static func contains(_ text: String, _ pattern: String) throws -> Bool {
        try NSRegularExpression(pattern: pattern).firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func theRulesPageDefinesTheIdsTheReadmePromises() throws {
        let ids = try Self.ruleIDs()
        #expect(ids.contains("R1") && ids.contains("R44") && ids.contains("R8a") && ids.contains("N4"), "\(ids)")
        #expect(ids.count >= 30, "\(ids.count) ids: is the page's **R…** spelling still the one read here?")
    }

    @Test func everyRuleIdIsSpelledInTheCodeAndNamesATest() throws {
        let sources = try Self.swiftText(under: "Sources")
        let tests = try Self.swiftText(under: "Tests")
        for id in try Self.ruleIDs() {
            // R8 must not count R8a or R80; r8_ in a test name must not count r8a_.
            let inCode = try Self.contains(sources, "(?<![A-Za-z0-9])\(id)(?![0-9A-Za-z])")
            let inTestName = try Self.contains(tests, #"func\s+(?:[A-Za-z0-9]+_)*"# + id.lowercased() + "_")
            #expect(inCode, "\(id) is not spelled in Sources: write it where the rule is decided")
            #expect(inTestName, "no test is named after \(id) (func \(id.lowercased())_…)")
        }
    }
}
