import SocialSyncCore
import SocialSyncStore

/// `rules ...`: automation rules, which block disabling or deleting their instance (R6).
enum RuleCommands {
    static let all = [
        CommandSpec("rules list", options: [InstanceCommands.json], summary: "List automation rules.", action: list),
        CommandSpec("rules add", options: [
            .value("--id", "ID", "rule identifier", required: true), .value("--instance", "ID", "instance the rule links posts to", required: true),
            .value("--match", "EXPR", "posts the rule routes (source:, sentiment:, tag:, text:, author:; default every post)"),
            .value("--record-type", "ENTITY", "record table (default incident)"),
            .flag("--inactive", "add it inactive"),
        ], summary: "Add an automation rule.", action: add),
        CommandSpec("rules test", options: [.value("--match", "EXPR", "expression to try"), InstanceCommands.json],
                    summary: "List the stored available posts an expression would route; nothing is activated.", action: test),
        CommandSpec("rules activate", positionals: ["ID"], summary: "Activate a rule.") { try setActive($0, true) },
        CommandSpec("rules deactivate", positionals: ["ID"], summary: "Deactivate a rule.") { try setActive($0, false) },
        CommandSpec("rules delete", positionals: ["ID"], summary: "Delete a rule.", action: delete),
    ]

    static func list(_ invocation: Invocation) throws {
        let rules = try invocation.context.openStoreForReading().read { try $0.rules.all() }
        if invocation.wantsJSON {
            return invocation.context.console.out(JSONValue.array(rules.map(Renderings.rule)).rendered())
        }
        let table = TextTable(console: invocation.context.console, [("ID", 16), ("INSTANCE", 12), ("ACTIVE", 6), ("RECORD", 10), ("ROUTED", 7), ("MATCH", 0)])
        for rule in rules {
            table.add([rule.id, rule.instanceID, InstanceCommands.yes(rule.isActive), rule.recordEntity, String(rule.routed), rule.match ?? "*"])
        }
    }

    /// The expression is parsed before anything is stored: a rule that is stored can always
    /// be evaluated (exit 64 naming the term otherwise).
    static func add(_ invocation: Invocation) throws {
        let match = invocation.value("--match")
        _ = try RuleExpressionParser.parse(match)
        let rule = AutomationRule(
            id: invocation.required("--id"), instanceID: invocation.required("--instance"), match: match,
            recordEntity: try invocation.value("--record-type").map(RecordTypeOption.checked) ?? "incident", isActive: !invocation.has("--inactive"),
            activatedAt: invocation.context.now()
        )
        try invocation.context.openStore().write { transaction in
            let instance = try InstanceCommands.existing(rule.instanceID, transaction)
            if rule.isActive { try InstanceGuards.checkAcceptsNewLinks(instance) }
            do {
                try transaction.rules.insert(rule)
            } catch StoreError.duplicateRule {
                throw AdministrationError.duplicateRule(rule.id)
            }
        }
        invocation.context.console.out("added rule '\(rule.id)' for instance '\(rule.instanceID)' (\(rule.isActive ? "active" : "inactive"))")
    }

    /// An active rule links posts to its instance, so that instance must accept new links.
    static func setActive(_ invocation: Invocation, _ active: Bool) throws {
        let id = invocation.positionals[0]
        try invocation.context.openStore().write { transaction in
            guard let rule = try transaction.rules.get(id) else { throw AdministrationError.unknownRule(id) }
            if active { try InstanceGuards.checkAcceptsNewLinks(try InstanceCommands.existing(rule.instanceID, transaction)) }
            try transaction.rules.setActive(id, active, at: invocation.context.now())
        }
        invocation.context.console.out("rule '\(id)' is now \(active ? "active" : "inactive")")
    }

    /// The posts a rule with this expression would route if they were imported now: the
    /// stored posts that are available and match.
    static func test(_ invocation: Invocation) throws {
        let expression = try RuleExpressionParser.parse(invocation.value("--match"))
        let console = invocation.context.console
        var stream = JSONArrayStream(console: console, enabled: invocation.wantsJSON)
        var matching = 0
        try invocation.context.openStoreForReading().read { transaction in
            try transaction.posts.forEach(availableOnly: true) { post in
                guard expression.matches(post) else { return }
                matching += 1
                if invocation.wantsJSON { stream.append(Renderings.post(post, available: true)) } else { console.out(post.id) }
            }
        }
        stream.finish()
        if !invocation.wantsJSON { console.err("\(matching) available post(s) match") }
    }

    static func delete(_ invocation: Invocation) throws {
        let id = invocation.positionals[0]
        try invocation.context.openStore().write { transaction in
            guard try transaction.rules.get(id) != nil else { throw AdministrationError.unknownRule(id) }
            try transaction.rules.delete(id)
        }
        invocation.context.console.out("deleted rule '\(id)'")
    }
}
