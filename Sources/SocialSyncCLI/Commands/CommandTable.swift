/// Every command of interface.md, grouped as in its table. One table, not a pile of ifs.
enum CommandTable {
    static let all: [CommandSpec] =
        ConfigCommands.all + DaemonCommands.all + InstanceCommands.all + PostCommands.all + LinkCommands.all + LinkChangesCommand.all + RuleCommands.all + StatusCommand.all
}
