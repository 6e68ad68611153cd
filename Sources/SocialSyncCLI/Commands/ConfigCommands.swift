import SocialSyncDaemon

/// `check-config`: validate the configuration, including that the store path can hold the
/// store, and say where it came from.
enum ConfigCommands {
    static let all = [
        CommandSpec("check-config", summary: "Validate the configuration and the store path; exit 0, or 78 naming the file and key.") { invocation in
            let configuration = try invocation.context.configuration()
            if let problem = StoreLocation.problem(in: configuration) { throw problem }
            let source = configuration.sourceFile ?? "built-in defaults (no configuration file found)"
            invocation.context.console.out("configuration ok: \(source)")
            invocation.context.console.out("store: \(configuration.storePath)")
            invocation.context.console.out("listen: \(configuration.listen?.description ?? "off")")
        },
    ]
}
