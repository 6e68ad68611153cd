/// Matches arguments against the command table. Small and regular on purpose: every
/// command is a row of words, positionals and options; there is no per-command parsing.
struct ArgumentParser {
    enum Outcome {
        case run(command: CommandSpec, positionals: [String], values: [String: String], flags: Set<String>)
        case help(String)
    }

    let table: [CommandSpec]

    /// `arguments` excludes the program name and the global options.
    func parse(_ arguments: [String]) throws(CommandError) -> Outcome {
        let words = arguments.prefix { !$0.hasPrefix("-") }
        let wantsHelp = arguments.contains("--help") || arguments.contains("-h")
        if words.isEmpty, !wantsHelp, let option = arguments.first {
            throw CommandError(.usage, "unknown option '\(option)'\n\(overview(matching: []))")
        }
        guard let command = longestMatch(Array(words)) else {
            if words.isEmpty || wantsHelp { return .help(overview(matching: Array(words))) }
            if table.contains(where: { $0.words.first == words.first }) {
                throw CommandError(.usage, "incomplete or unknown command '\(words.joined(separator: " "))'\n\(overview(matching: Array(words)))")
            }
            throw CommandError(.usage, "unknown command '\(words.joined(separator: " "))'\n\(overview(matching: []))")
        }
        if wantsHelp { return .help(command.help) }

        var positionals: [String] = []
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var rest = arguments.dropFirst(command.words.count)[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            let (name, inline) = split(argument)
            guard let option = command.options.first(where: { $0.name == name }) else {
                throw CommandError(.usage, "\(command.name): unknown option '\(name)'\n\(command.help)")
            }
            if option.value == nil {
                guard inline == nil else { throw CommandError(.usage, "\(command.name): \(name) takes no value") }
                flags.insert(name)
            } else if let value = inline ?? rest.popFirst() {
                guard values[name] == nil else { throw CommandError(.usage, "\(command.name): \(name) given twice") }
                // An empty id, name or path is always a mistake (a lost shell variable).
                guard !value.isEmpty else { throw CommandError(.usage, "\(command.name): \(name) needs a non-empty value (\(option.value ?? ""))") }
                values[name] = value
            } else {
                throw CommandError(.usage, "\(command.name): \(name) needs a value (\(option.value ?? ""))")
            }
        }
        if positionals.count != command.positionals.count {
            throw CommandError(.usage, "\(command.name): expected \(command.positionals.isEmpty ? "no arguments" : command.positionals.joined(separator: " ")), got \(positionals.isEmpty ? "none" : positionals.joined(separator: " "))\nusage: \(command.synopsis)")
        }
        if let missing = command.options.first(where: { $0.isRequired && values[$0.name] == nil }) {
            throw CommandError(.usage, "\(command.name): \(missing.name) is required\nusage: \(command.synopsis)")
        }
        return .run(command: command, positionals: positionals, values: values, flags: flags)
    }

    private func longestMatch(_ words: [String]) -> CommandSpec? {
        table.filter { words.starts(with: $0.words) }.max { $0.words.count < $1.words.count }
    }

    private func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    func overview(matching prefix: [String]) -> String {
        let rows = table.filter { prefix.isEmpty || $0.words.starts(with: prefix.prefix(1)) }
        let width = rows.map(\.name.count).max() ?? 0
        let lines = rows.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary }
        return (["usage: socialsync [--config PATH] COMMAND ...", "       socialsync --version", "", "commands:"] + lines + ["", "Run 'socialsync COMMAND --help' for a command's options."]).joined(separator: "\n")
    }
}
