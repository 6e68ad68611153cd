/// A parsed command line, ready for its command's action.
struct Invocation {
    let command: CommandSpec
    let positionals: [String]
    let values: [String: String]
    let flags: Set<String>
    let context: CommandContext

    func value(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// A required option's value; the parser already refused its absence.
    func required(_ name: String) -> String { values[name] ?? "" }

    var wantsJSON: Bool { flags.contains("--json") }
}
