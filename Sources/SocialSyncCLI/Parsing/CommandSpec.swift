/// One option of a command: a flag (`--dry-run`) or an option with a value (`--id ID`).
struct OptionSpec: Sendable {
    let name: String
    /// The placeholder shown in help; nil for a flag.
    let value: String?
    let help: String
    var isRequired = false

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
    static func value(_ name: String, _ placeholder: String, _ help: String, required: Bool = false) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, help: help, isRequired: required)
    }
}

/// One row of the command table: its words, arguments, options, help and action.
struct CommandSpec: Sendable {
    let words: [String]
    let positionals: [String]
    let options: [OptionSpec]
    let summary: String
    let action: @Sendable (Invocation) throws -> Void

    init(_ words: String, positionals: [String] = [], options: [OptionSpec] = [], summary: String, action: @escaping @Sendable (Invocation) throws -> Void) {
        self.words = words.split(separator: " ").map(String.init)
        self.positionals = positionals
        self.options = options
        self.summary = summary
        self.action = action
    }

    var name: String { words.joined(separator: " ") }

    var synopsis: String {
        let arguments = positionals.joined(separator: " ")
        let options = options.map { option in
            let text = option.value.map { "\(option.name) \($0)" } ?? option.name
            return option.isRequired ? text : "[\(text)]"
        }.joined(separator: " ")
        return ["socialsync", name, arguments, options].filter { !$0.isEmpty }.joined(separator: " ")
    }

    var help: String {
        var lines = ["usage: \(synopsis)", "", summary]
        if !options.isEmpty {
            lines.append("")
            lines.append("options:")
            let width = options.map { ($0.name + ($0.value.map { " " + $0 } ?? "")).count }.max() ?? 0
            for option in options {
                let left = option.name + (option.value.map { " " + $0 } ?? "")
                lines.append("  " + left.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + option.help)
            }
        }
        lines.append("")
        lines.append("global: --config PATH (or SOCIALSYNC_CONFIG), --help")
        return lines.joined(separator: "\n")
    }
}
