import SocialSyncCore
import SocialSyncStore

/// `status`: instances with their last verdicts and link counts by state.
enum StatusCommand {
    static let all = [
        CommandSpec("status", options: [InstanceCommands.json], summary: "Instances, their last verdicts, link counts by state.", action: status),
    ]

    static func status(_ invocation: Invocation) throws {
        let (instances, byInstance, totals, outbox) = try invocation.context.openStoreForReading().read { transaction in
            (try transaction.instances.all(), try transaction.links.countsByInstance(), try transaction.links.counts(), try transaction.outbox.count())
        }
        if invocation.wantsJSON {
            let rendered = JSONValue.object([
                ("instances", .array(instances.map { instance in
                    .object([
                        ("id", .string(instance.id)), ("verdict", .string(instance.verdict.rawValue)),
                        ("verdict_since", .optional(instance.verdictSince.map(Timestamp.format))),
                        ("last_checked", .optional(instance.lastChecked.map(Timestamp.format))),
                        ("enabled", .bool(instance.isEnabled)), ("deleted", .bool(instance.isDeleted)), ("default", .bool(instance.isDefault)),
                        ("links", Renderings.counts(byInstance[instance.id] ?? [:])),
                    ])
                })),
                ("links", Renderings.counts(totals)),
                ("outbox", .integer(outbox)),
            ])
            return invocation.context.console.out(rendered.rendered())
        }
        let console = invocation.context.console
        let table = TextTable(console: console, [("INSTANCE", 12), ("VERDICT", 12), ("STATE", 8)] + LinkState.allCases.map { ($0.rawValue.uppercased(), 8) })
        for instance in instances {
            let state = instance.isDeleted ? "deleted" : instance.isEnabled ? "enabled" : "disabled"
            let counts = byInstance[instance.id] ?? [:]
            table.add([instance.id, instance.verdict.rawValue, state] + LinkState.allCases.map { String(counts[$0] ?? 0) })
        }
        table.add(["(all)", "", ""] + LinkState.allCases.map { String(totals[$0] ?? 0) })
        console.out("pending creations in the outbox: \(outbox)")
    }
}
