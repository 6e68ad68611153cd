import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore

/// `instances ...`: the administrator's actions on connections (R1-R6, R9).
enum InstanceCommands {
    static let json = OptionSpec.flag("--json", "print JSON on stdout")

    static let all = [
        CommandSpec("instances list", options: [json], summary: "List connections with their last verdicts.", action: list),
        CommandSpec("instances show", positionals: ["ID"], options: [json], summary: "Show one connection.", action: show),
        CommandSpec("instances add", options: [
            .value("--id", "ID", "identifier used in commands and links", required: true),
            .value("--name", "NAME", "display name", required: true),
            .value("--url", "URL", "organization URL (https://ORG.crmN.dynamics.com)", required: true),
            .value("--tenant-id", "T", "Entra ID tenant", required: true),
            .value("--client-id", "C", "application (client) id", required: true),
            .value("--client-secret-file", "F", "file holding the client secret, or a systemd credential name", required: true),
            .value("--token-url", "URL", "token endpoint (default: Entra ID's for the tenant)"),
            .flag("--default", "make it the default instance"),
            .flag("--disabled", "add it disabled"),
            json,
        ], summary: "Add a connection; re-associates a deleted one with the same organization (R9).", action: add),
        CommandSpec("instances edit", positionals: ["ID"], options: [
            .value("--name", "NAME", "display name"), .value("--url", "URL", "organization URL"),
            .value("--tenant-id", "T", "Entra ID tenant"), .value("--client-id", "C", "application (client) id"),
            .value("--client-secret-file", "F", "client secret file or credential name"), .value("--token-url", "URL", "token endpoint"),
        ], summary: "Change a connection (R1: the organization id must match at the next poll).", action: edit),
        CommandSpec("instances set-default", positionals: ["ID"], summary: "Make an enabled instance the default (R2).", action: setDefault),
        CommandSpec("instances enable", positionals: ["ID"], summary: "Enable an instance; its errored links are verified next pass (R14).", action: enable),
        CommandSpec("instances disable", positionals: ["ID"], summary: "Disable an instance; its links are kept but errored (R3, R6).", action: disable),
        CommandSpec("instances delete", positionals: ["ID"], summary: "Delete an instance; its links are removed (R5, R6).", action: delete),
        CommandSpec("instances refresh", positionals: ["ID"], options: [json, RunningService.waitOption], summary: "Fetch entity metadata and organization details (R4); with the service running, the service does it with its own credentials.", action: refresh),
    ]

    static func list(_ invocation: Invocation) throws {
        let instances = try invocation.context.openStoreForReading().read { try $0.instances.all() }
        if invocation.wantsJSON {
            return invocation.context.console.out(JSONValue.array(instances.map(Renderings.instance)).rendered())
        }
        let table = TextTable(console: invocation.context.console, [("ID", 12), ("NAME", 16), ("DEFAULT", 7), ("ENABLED", 7), ("DELETED", 7), ("VERDICT", 12), ("URL", 0)])
        for instance in instances {
            table.add([instance.id, instance.name, yes(instance.isDefault), yes(instance.isEnabled), yes(instance.isDeleted), instance.verdict.rawValue, instance.url.absoluteString])
        }
    }

    static func show(_ invocation: Invocation) throws {
        let id = invocation.positionals[0]
        let instance = try invocation.context.openStoreForReading().read { transaction in try existing(id, transaction) }
        let rendered = Renderings.instance(instance)
        invocation.context.console.out(invocation.wantsJSON ? rendered.rendered() : rendered.rendered(pretty: true))
    }

    static func add(_ invocation: Invocation) throws {
        let context = invocation.context
        let id = invocation.required("--id")
        if let problem = InstanceID.problem(id) { throw CommandError(.usage, "--id: \(problem)") }
        let url = try checkedInstanceURL(invocation.required("--url"))
        let tokenURL = try invocation.value("--token-url").map { try checkedURL($0, option: "--token-url") }
        let secret = try SecretReference.resolved(invocation.required("--client-secret-file"), context: context)
        let now = context.now()
        let candidate = Instance(
            id: id, name: invocation.required("--name"), url: url,
            tenantID: invocation.required("--tenant-id"), clientID: invocation.required("--client-id"),
            clientSecretFile: secret, tokenURL: tokenURL, connectedOn: now,
            isDefault: invocation.has("--default"), isEnabled: !invocation.has("--disabled")
        )
        if candidate.isDefault { try InstanceGuards.checkAcceptsNewLinks(candidate) }
        let outcome = try context.openStore().write { transaction in
            try InstanceAdministration(transaction: transaction, now: now).add(candidate)
        }
        switch outcome {
        case .added(let instance) where invocation.wantsJSON:
            context.console.out(Renderings.instance(instance).rendered())
        case .reassociated(let instance, let restorable, let relinked) where invocation.wantsJSON:
            context.console.out(JSONValue.object([
                ("instance", Renderings.instance(instance)), ("reassociated", .bool(true)), ("requested_id", .string(candidate.id)),
                ("restorable_links", .integer(restorable)), ("relinked_posts", .integer(relinked)),
            ]).rendered())
        case .added(let instance):
            context.console.out("added instance '\(instance.id)'")
        case .reassociated(let instance, let restorable, let relinked):
            context.console.out("re-associated deleted instance '\(instance.id)' (same organization): removed links waiting for verification (R30): \(restorable); posts re-linked elsewhere, left as they are (R31): \(relinked)")
            if instance.id != candidate.id {
                context.console.out("re-associated with deleted instance '\(instance.id)': it keeps the id '\(instance.id)'; --id '\(candidate.id)' was not used")
            }
        }
    }

    static func edit(_ invocation: Invocation) throws {
        let context = invocation.context
        let url = try invocation.value("--url").map(checkedInstanceURL)
        let tokenURL = try invocation.value("--token-url").map { try checkedURL($0, option: "--token-url") }
        let secret = try invocation.value("--client-secret-file").map { try SecretReference.resolved($0, context: context) }
        let id = invocation.positionals[0]
        try context.openStore().write { transaction in
            var instance = try existing(id, transaction)
            guard !instance.isDeleted else { throw AdministrationError.instanceNotAcceptingLinks(id, why: "it is deleted; add it again to re-associate it") }
            instance.name = invocation.value("--name") ?? instance.name
            if let url, url != instance.url {
                // R1: the new URL is checked against the known organization at the next poll.
                instance.url = url
                instance.organizationMismatch = false
            }
            instance.tenantID = invocation.value("--tenant-id") ?? instance.tenantID
            instance.clientID = invocation.value("--client-id") ?? instance.clientID
            instance.clientSecretFile = secret ?? instance.clientSecretFile
            instance.tokenURL = tokenURL ?? instance.tokenURL
            try transaction.instances.update(instance)
        }
        context.console.out("updated instance '\(id)'")
    }

    static func setDefault(_ invocation: Invocation) throws {
        let id = invocation.positionals[0]
        try invocation.context.openStore().write { transaction in
            try InstanceGuards.checkAcceptsNewLinks(try existing(id, transaction))
            try transaction.instances.setDefault(id)
        }
        invocation.context.console.out("instance '\(id)' is now the default")
    }

    static func enable(_ invocation: Invocation) throws {
        let id = invocation.positionals[0]
        try invocation.context.openStore().write { transaction in
            var instance = try existing(id, transaction)
            guard !instance.isDeleted else { throw AdministrationError.instanceNotAcceptingLinks(id, why: "it is deleted; add it again to re-associate it") }
            instance.isEnabled = true
            try transaction.instances.update(instance)
        }
        invocation.context.console.out("enabled instance '\(id)'; its errored links are verified at the next pass")
    }

    static func disable(_ invocation: Invocation) throws {
        let (id, changed) = try administer(invocation) { try $0.disable($1) }
        invocation.context.console.out("disabled instance '\(id)': \(changed) links errored (instance_disabled), none deleted in Dynamics 365")
    }

    static func delete(_ invocation: Invocation) throws {
        let (id, changed) = try administer(invocation) { try $0.delete($1) }
        invocation.context.console.out("deleted instance '\(id)': \(changed) links removed (instance_deleted), their posts are available again; nothing was deleted in Dynamics 365")
    }

    /// Runs an action that changes links in one write transaction; returns the instance id
    /// and how many links changed.
    private static func administer(
        _ invocation: Invocation, _ action: (InstanceAdministration, String) throws -> Int
    ) throws -> (String, Int) {
        let id = invocation.positionals[0]
        let now = invocation.context.now()
        let changed = try invocation.context.openStore().write { transaction in
            try action(InstanceAdministration(transaction: transaction, now: now), id)
        }
        return (id, changed)
    }

    static func refresh(_ invocation: Invocation) throws {
        let context = invocation.context
        let store = try context.openStore()
        let (instance, entities) = try store.read { transaction in
            (try existing(invocation.positionals[0], transaction), try MetadataRefresh.entitiesInUse(instanceID: invocation.positionals[0], transaction))
        }
        guard !instance.isDeleted else { throw AdministrationError.instanceNotAcceptingLinks(instance.id, why: "it is deleted") }
        let now = context.now()
        let refreshed: RefreshOutcome
        if let service = try RunningService.find(invocation, store: store) {
            let receipt = try RefreshReceipt(json: try service.perform(.instanceRefresh, instanceID: instance.id, command: "instances refresh", now: now))
            refreshed = try store.read { transaction in
                let entities = try receipt.entities.compactMap { try transaction.entityMetadata.get(instanceID: instance.id, logicalName: $0) }
                return RefreshOutcome(instance: try existing(instance.id, transaction), entities: entities, probedOrganizationID: receipt.probedOrganizationID)
            }
        } else {
            let client = try connect(instance, context: context)
            let result = try AsyncBridge.wait { await MetadataRefresh.fetch(client: client, entities: entities) }.get()
            let updated = try store.write { transaction in
                try MetadataRefresh.store(result, instanceID: instance.id, transaction: transaction, at: now)
            }
            refreshed = RefreshOutcome(instance: updated, entities: result.entities, probedOrganizationID: result.probe.organizationID)
        }
        let updated = refreshed.instance
        if invocation.wantsJSON {
            return context.console.out(JSONValue.object([
                ("instance", Renderings.instance(updated)),
                ("entities", .array(refreshed.entities.map(Renderings.entity))),
            ]).rendered())
        }
        context.console.out("refreshed instance '\(updated.id)': organization \(updated.organizationID ?? "?"), language \(updated.language ?? "?"), \(refreshed.entities.count) entities (\(refreshed.entities.map(\.logicalName).joined(separator: ", ")))")
        if updated.organizationMismatch {
            context.console.err("socialsync: warning: instance '\(updated.id)' answered as organization \(refreshed.probedOrganizationID ?? "?"), not \(updated.organizationID ?? "?") learned before (R1); its URL may point at another organization")
        }
    }

    /// What a refresh stored, done here or by the running service, for printing alike.
    struct RefreshOutcome {
        var instance: Instance
        var entities: [EntityMetadata]
        var probedOrganizationID: String?
    }

    /// A Web API client for the instance, with its credentials, for a command that reads it.
    static func connect(_ instance: Instance, context: CommandContext) throws -> DataverseClient {
        let configuration = try context.configuration()
        let events = EventSinks.forCommandLine(configuration: configuration, environment: context.environment, minimumLevel: .warning)
        let connector = InstanceConnector(transport: try CurlTransport(), configuration: configuration, environment: context.environment, events: events)
        return try connector.client(for: instance)
    }

    static func existing(_ id: String, _ transaction: Transaction<some Any>) throws -> Instance {
        guard let instance = try transaction.instances.get(id) else { throw AdministrationError.unknownInstance(id) }
        return instance
    }

    /// An instance URL in its stored form (`InstanceURL`). A URL of the wrong shape (user
    /// information, a port out of range, a query, a fragment, a path) is a usage error
    /// naming the URL as `InstanceURL.shown` prints it, without what may carry a secret.
    static func checkedInstanceURL(_ text: String) throws -> URL {
        let url: URL
        do {
            url = try InstanceURL.normalized(text)
        } catch .notAbsolute {
            throw CommandError(.dataError, "--url: '\(text)' is not an absolute URL")
        } catch {
            throw CommandError(.usage, "--url: the instance URL \(InstanceURL.shown(text)) \(error)")
        }
        return try checkedURL(url.absoluteString, option: "--url")
    }

    /// https anywhere, http only to loopback (interface.md); checked before anything is stored.
    static func checkedURL(_ text: String, option: String) throws -> URL {
        guard let url = URL(string: text), url.scheme != nil, url.host != nil else {
            throw CommandError(.dataError, "\(option): '\(text)' is not an absolute URL")
        }
        do {
            try URLPolicy.check(url)
        } catch {
            throw CommandError(.dataError, "\(option): \(error)")
        }
        return url
    }

    static func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }
}
