/// `check-config`: validate the configuration and say where it came from.
enum ConfigCommands {
    static let all = [
        CommandSpec("check-config", summary: "Validate the configuration; exit 0, or 78 naming the file and key.") { invocation in
            let configuration = try invocation.context.configuration()
            let source = configuration.sourceFile ?? "built-in defaults (no configuration file found)"
            invocation.context.console.out("configuration ok: \(source)")
            invocation.context.console.out("store: \(configuration.storePath)")
            invocation.context.console.out("listen: \(configuration.listen?.description ?? "off")")
        },
    ]
}
