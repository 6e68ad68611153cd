import Foundation
import SocialSyncCore
import SocialSyncStore

/// `posts ...`: the posts Social Engagement knows.
enum PostCommands {
    static let all = [
        CommandSpec("posts import", positionals: ["FILE|-"], summary: "Import JSON Lines of posts; all or nothing, errors name the line.", action: importPosts),
        CommandSpec("posts list", options: [.flag("--available", "only posts available for linking"), InstanceCommands.json], summary: "List posts (without their text and author).", action: list),
    ]

    /// All or nothing: the posts, the creations rules route them to (R40-R42) and the
    /// rules' counts commit in one transaction.
    static func importPosts(_ invocation: Invocation) throws {
        let reader = try LineReader(path: invocation.positionals[0])
        var progress = ImportProgress(console: invocation.context.console, label: "posts import")
        defer { progress.finish() }
        let now = invocation.context.now()
        let router = try invocation.context.openStore().write { transaction in
            var router = try PostRouter(transaction)
            try reader.forEachLine { text, line in
                let post = try PostLineDecoder.decode(text, line: line)
                do {
                    try transaction.posts.insert(CollectionOfOne(post))
                } catch StoreError.duplicatePost(let id) {
                    throw ImportError(line: line, problem: "post '\(id)' already exists")
                }
                try router.route(post, transaction, at: now)
                progress.advance()
            }
            try router.recordCounts(transaction)
            return router
        }
        invocation.context.console.out("imported \(progress.count) posts from \(reader.name)" + (router.summary.map { "; \($0)" } ?? ""))
    }

    static func list(_ invocation: Invocation) throws {
        let console = invocation.context.console
        let availableOnly = invocation.has("--available")
        let store = try invocation.context.openStoreForReading()
        var stream = JSONArrayStream(console: console, enabled: invocation.wantsJSON)
        let table = invocation.wantsJSON ? nil : TextTable(console: console, [("ID", 16), ("SOURCE", 8), ("SENTIMENT", 9), ("PUBLISHED", 24), ("AVAILABLE", 9), ("URL", 0)])
        try store.read { transaction in
            try transaction.posts.forEach(availableOnly: availableOnly) { post in
                let available = try availableOnly || transaction.links.current(ofPost: post.id) == nil
                if invocation.wantsJSON {
                    stream.append(Renderings.post(post, available: available))
                } else {
                    table?.add([post.id, post.source.rawValue, post.sentiment.map { String($0.rawValue) } ?? "-", Timestamp.format(post.publishedAt), InstanceCommands.yes(available), post.url])
                }
            }
        }
        stream.finish()
    }
}
