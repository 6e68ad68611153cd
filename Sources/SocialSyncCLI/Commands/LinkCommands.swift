import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore

/// `links ...`: links between posts and Dynamics 365 records.
enum LinkCommands {
    static let all = [
        CommandSpec("links import", positionals: ["FILE|-"], summary: "Import JSON Lines of links that exist in Dynamics 365; all or nothing. They start active and are verified next pass.", action: importLinks),
        CommandSpec("links list", options: [
            .value("--state", "S", "only links in this state (\(LinkState.allCases.map(\.rawValue).joined(separator: ", ")))"),
            .value("--instance", "ID", "only links to this instance"), InstanceCommands.json,
        ], summary: "List links.", action: list),
        CommandSpec("links show", positionals: ["POST"], options: [InstanceCommands.json], summary: "Show every link of a post with its journal, the outbox state of a pending creation, and under \"error\" the instance's message for a failed one (R8a).", action: show),
        CommandSpec("links create", options: [
            .value("--post", "P", "the post", required: true), .value("--instance", "ID", "target instance (default: the default instance)"),
            .value("--record-type", "ENTITY", "record table, e.g. incident or lead", required: true),
            .flag("--dry-run", "print the profile lookup and the creates that will be sent, and queue nothing"), InstanceCommands.json,
            RunningService.waitOption,
        ], summary: "Create a record from a post (R8): the author's contact and social profile (found or created), the record, and the social activity regarding it. Queued as pending and sent by the daemon; active once the instance confirms, failed (creation_rejected) if it refuses for good (R8a).", action: create),
        CommandSpec("links unlink", options: [.value("--post", "P", "the post", required: true)], summary: "Unlink a post (R7); nothing changes in Dynamics 365.", action: unlink),
    ]

    static func importLinks(_ invocation: Invocation) throws {
        let reader = try LineReader(path: invocation.positionals[0])
        let now = invocation.context.now()
        var progress = ImportProgress(console: invocation.context.console, label: "links import")
        defer { progress.finish() }
        try invocation.context.openStore().write { transaction in
            var instances: [String: Instance] = [:]
            try reader.forEachLine { text, line in
                let entry = try LinkLineDecoder.decode(text, line: line)
                do {
                    try importLink(entry, transaction: transaction, instances: &instances, at: now)
                } catch let error as AdministrationError {
                    throw ImportError(line: line, problem: error.description)
                } catch let error as StoreError {
                    throw ImportError(line: line, problem: error.description)
                }
                progress.advance()
            }
        }
        invocation.context.console.out("imported \(progress.count) links from \(reader.name)")
    }

    /// An imported link starts active; the state of its instance applies at once (R11-R13),
    /// so a link to a disabled instance is errored from the start.
    static func importLink(_ entry: LinkLineDecoder.LinkLine, transaction: WriteTransaction, instances: inout [String: Instance], at now: Date) throws {
        let instance: Instance
        if let known = instances[entry.instanceID] {
            instance = known
        } else {
            instance = try InstanceCommands.existing(entry.instanceID, transaction)
            instances[entry.instanceID] = instance
        }
        guard !instance.isDeleted else { throw AdministrationError.instanceNotAcceptingLinks(instance.id, why: "it is deleted") }
        guard try transaction.posts.get(entry.postID) != nil else { throw AdministrationError.unknownPost(entry.postID) }
        try LinkLedger(transaction, actor: .admin, at: now).insertActive(
            postID: entry.postID, instance: instance, activityID: entry.activityID, record: entry.record)
    }

    static func list(_ invocation: Invocation) throws {
        let console = invocation.context.console
        let state = try invocation.value("--state").map { text in
            guard let state = LinkState(rawValue: text) else {
                throw CommandError(.usage, "links list: --state must be one of \(LinkState.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            }
            return state
        }
        let store = try invocation.context.openStoreForReading()
        var stream = JSONArrayStream(console: console, enabled: invocation.wantsJSON)
        let table = invocation.wantsJSON ? nil : TextTable(console: console, [("POST", 16), ("INSTANCE", 12), ("STATE", 8), ("REASON", 22), ("RECORD", 46), ("UPDATED", 0)])
        try store.read { transaction in
            if let instance = invocation.value("--instance") { _ = try InstanceCommands.existing(instance, transaction) }
            try transaction.links.forEach(LinkFilter(state: state, instanceID: invocation.value("--instance"))) { link in
                stream.append(Renderings.link(link))
                table?.add([link.postID, link.instanceID, link.state.rawValue, link.reason?.rawValue ?? "-", "\(link.record.entity):\(link.record.id)", Timestamp.format(link.updatedAt)])
            }
        }
        stream.finish()
    }

    /// Every link of the post with its journal and, by R16, its record's details. The
    /// instance is asked after the store's read transaction ended, so a slow answer holds
    /// no snapshot open.
    static func show(_ invocation: Invocation) throws {
        let postID = invocation.positionals[0]
        let read: [(history: JSONValue, subject: RecordDetailsLookup.Subject)] = try invocation.context.openStoreForReading().read { transaction in
            guard try transaction.posts.get(postID) != nil else { throw AdministrationError.unknownPost(postID) }
            let current = try transaction.links.current(ofPost: postID)?.id
            var links: [(history: JSONValue, subject: RecordDetailsLookup.Subject)] = []
            try transaction.links.forEach(LinkFilter(postID: postID)) { link in
                let subject = RecordDetailsLookup.Subject(
                    link: link, isCurrent: link.id == current, instance: try transaction.instances.get(link.instanceID),
                    metadata: try transaction.entityMetadata.get(instanceID: link.instanceID, logicalName: link.record.entity)
                        ?? EntityMetadata.documented(link.record.entity),
                    stored: try transaction.recordDetails.get(linkID: link.id))
                links.append((try Renderings.linkWithHistory(link, transaction: transaction), subject))
            }
            return links
        }
        let lookup = RecordDetailsLookup(context: invocation.context)
        let shown = read.map { (history: $0.history, subject: $0.subject, details: lookup.details($0.subject)) }
        if invocation.wantsJSON {
            return invocation.context.console.out(JSONValue.array(shown.map { Renderings.withDetails($0.history, $0.details) }).rendered())
        }
        for link in shown {
            invocation.context.console.out(Renderings.linkSummary(link.subject, history: link.history, details: link.details))
        }
    }

    static func create(_ invocation: Invocation) throws {
        let context = invocation.context
        let postID = invocation.required("--post")
        let recordType = try RecordTypeOption.checked(invocation.required("--record-type"))
        let instanceID = invocation.value("--instance")
        let store = try context.openStore()
        let target = try store.read { try guardedTarget(postID, instanceID, $0) }
        let (tables, fetched) = try creationTables(recordType, on: target, store: store, invocation: invocation)
        if invocation.has("--dry-run") {
            let plan = try store.read { transaction in
                let current = try guardedTarget(postID, instanceID, transaction)
                return try planCreation(postID, tables, try creationIDs(postID, recordType, target: current, transaction), target: current, transaction)
            }
            return context.console.out(plan.rendered())
        }
        let now = context.now()
        let (link, ids) = try store.write { transaction in
            let current = try guardedTarget(postID, instanceID, transaction)
            let ids = try creationIDs(postID, recordType, target: current, transaction)
            _ = try planCreation(postID, tables, ids, target: current, transaction)
            try transaction.entityMetadata.merge(instanceID: current.id, with: fetched, refreshedAt: now)
            return (try LinkLedger(transaction, actor: .user, at: now).insertPending(postID: postID, instanceID: current.id, recordEntity: recordType, ids: ids), ids)
        }
        if invocation.wantsJSON { return context.console.out(Renderings.link(link).rendered()) }
        context.console.out("queued: post '\(postID)' → \(recordType) \(ids.recordID) on instance '\(link.instanceID)' (pending until the instance confirms)")
    }

    /// The ids the creation will use: derived from the post's attempt number (its links so
    /// far, plus one), so a dry run shows exactly what the next real `links create` queues.
    static func creationIDs(_ postID: String, _ recordType: String, target: Instance, _ transaction: Transaction<some Any>) throws -> CreationIDs {
        var earlierLinks = 0
        try transaction.links.forEach(LinkFilter(postID: postID)) { _ in earlierLinks += 1 }
        return CreationIDs.derived(instance: target, postID: postID, attempt: earlierLinks + 1, recordType: recordType)
    }

    /// R8's guards: the post exists and is available, the instance may take new links.
    static func guardedTarget(_ postID: String, _ instanceID: String?, _ transaction: Transaction<some Any>) throws -> Instance {
        guard try transaction.posts.get(postID) != nil else { throw AdministrationError.unknownPost(postID) }
        try InstanceGuards.checkAvailable(post: postID, currentLink: try transaction.links.current(ofPost: postID))
        return try InstanceGuards.targetForNewLink(named: instanceID, among: try transaction.instances.all())
    }

    /// The exact requests that will be sent (shown by --dry-run), for a target that still takes links.
    static func planCreation(
        _ postID: String, _ tables: CreationTables, _ ids: CreationIDs, target: Instance, _ transaction: Transaction<some Any>
    ) throws -> CreationPlan {
        guard let post = try transaction.posts.get(postID) else { throw AdministrationError.unknownPost(postID) }
        do {
            return try CreationPlanner.plan(post: post, tables: tables, ids: ids)
        } catch {
            throw AdministrationError.cannotCreate(instance: target.id, recordType: tables.record.logicalName, error)
        }
    }

    /// The metadata of the tables the creation writes: from the store, and what it lacks
    /// from the instance (returned, for the creation to store with its link: a refused
    /// command changes nothing). With the service running, the service reads what is
    /// lacking with its own credentials and stores it (a cache the daemon fills anyway).
    /// A table the instance cannot link is refused here, before anything is queued (exit
    /// 65); an instance that cannot be read is unavailable (exit 69).
    static func creationTables(
        _ recordType: String, on target: Instance, store: Store, invocation: Invocation
    ) throws -> (tables: CreationTables, fetched: [EntityMetadata]) {
        let context = invocation.context
        var stored = try store.read { try $0.entityMetadata.all(instanceID: target.id) }
        var fetched: [EntityMetadata] = []
        let service = try RunningService.find(invocation, store: store)
        let lacking = CreationMetadata.tableNames(recordType: recordType).contains { name in !stored.contains { $0.logicalName == name } }
        if lacking, let service {
            _ = try service.perform(.creationMetadata, instanceID: target.id, argument: recordType, command: "links create", now: context.now())
            stored = try store.read { try $0.entityMetadata.all(instanceID: target.id) }
        } else if lacking {
            let client = try InstanceCommands.connect(target, context: context)
            switch AsyncBridge.wait({ [stored] in await CreationMetadata.missing(recordType: recordType, stored: stored, client: client) }) {
            case .success(let tables): fetched = tables
            case .failure(let error):
                throw CommandError(.unavailable, "links create: cannot read the metadata a creation needs from instance '\(target.id)': \(error)")
            }
        }
        switch CreationMetadata.tables(recordType: recordType, known: stored + fetched) {
        case .success(let tables): return (tables, fetched)
        case .failure(let problem): throw AdministrationError.cannotCreate(instance: target.id, recordType: recordType, problem)
        }
    }

    static func unlink(_ invocation: Invocation) throws {
        let postID = invocation.required("--post")
        let now = invocation.context.now()
        let link = try invocation.context.openStore().write { transaction in
            guard try transaction.posts.get(postID) != nil else { throw AdministrationError.unknownPost(postID) }
            guard let current = try transaction.links.current(ofPost: postID) else { throw AdministrationError.noCurrentLink(post: postID) }
            // Read in this transaction, so the ledger's check of the state cannot fail.
            guard let unlinked = try LinkLedger(transaction, actor: .user, at: now).apply(try UserActions.unlink(current), to: current) else {
                throw AdministrationError.noCurrentLink(post: postID)
            }
            return unlinked
        }
        invocation.context.console.out("unlinked post '\(postID)' from instance '\(link.instanceID)'; the record and social activity stay in Dynamics 365")
    }
}
