import Foundation
import SocialSyncCore

/// Social posts. Their text and author are personal data: they are stored, never put
/// into an error or a log by the store.
public struct PostRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String { "id, url, author, author_url, text, sentiment, tags, source, published_at" }

    /// A post with no pending, active or errored link (behaviour.md, "Things").
    static var availableCondition: String {
        "NOT EXISTS (SELECT 1 FROM links WHERE links.post_id = posts.id AND \(LinkRepository<Access>.isCurrent))"
    }

    public func get(_ id: String) throws(StoreError) -> Post? {
        try database().queryFirst("SELECT \(Self.columns) FROM posts WHERE id = ?", .text(id), row: Self.decode)
    }

    /// Calls `body` with every post in id order, optionally only those available for
    /// linking, a page at a time: never more than one page is held in memory. `body` may
    /// use the transaction (e.g. create links) while the iteration goes on.
    public func forEach(availableOnly: Bool = false, _ body: (Post) throws -> Void) throws {
        let filter = availableOnly ? " AND \(Self.availableCondition)" : ""
        let sql = "SELECT \(Self.columns) FROM posts WHERE id > ?\(filter) ORDER BY id LIMIT \(Paging.pageSize)"
        var after = ""
        while true {
            let page = try database().query(sql, .text(after), row: Self.decode)
            for post in page { try body(post) }
            guard page.count == Paging.pageSize, let last = page.last else { return }
            after = last.id
        }
    }

    public func count(availableOnly: Bool = false) throws(StoreError) -> Int {
        let filter = availableOnly ? " WHERE \(Self.availableCondition)" : ""
        return try database().queryFirst("SELECT count(*) FROM posts\(filter)") { $0.int(0) } ?? 0
    }

    static func decode(_ row: Statement) throws(StoreError) -> Post {
        let sentiment: Sentiment?
        if let raw = row.optionalInt(5) {
            guard let known = Sentiment(rawValue: raw) else { throw .unreadableValue(column: "sentiment", value: String(raw)) }
            sentiment = known
        } else {
            sentiment = nil
        }
        let tagsText = row.text(6)
        guard let tags = try? JSONDecoder().decode([String].self, from: Data(tagsText.utf8)) else {
            throw .unreadableValue(column: "tags", value: tagsText)
        }
        return Post(
            id: row.text(0), url: row.text(1), author: row.text(2), authorURL: row.optionalText(3), text: row.text(4),
            sentiment: sentiment, tags: tags, source: try row.value(7), publishedAt: row.date(8)
        )
    }
}

extension PostRepository where Access == WriteAccess {
    /// Adds posts. An id already stored, or repeated in `posts`, fails with
    /// `duplicatePost` naming it; inside `Store.write` nothing of the batch is kept then.
    public func insert<Posts: Sequence<Post>>(_ posts: Posts) throws(StoreError) {
        let database = try database()
        let encoder = JSONEncoder()
        for post in posts {
            guard let tags = try? encoder.encode(post.tags) else { throw .unreadableValue(column: "tags", value: "(tags of post \(post.id))") }
            do throws(StoreError) {
                try database.run(
                    "INSERT INTO posts (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    .text(post.id), .text(post.url), .text(post.author), .text(post.authorURL), .text(post.text),
                    post.sentiment.map { .integer($0.rawValue) } ?? .null, .text(String(decoding: tags, as: UTF8.self)),
                    .raw(post.source), .date(post.publishedAt)
                )
            } catch where error.isConstraintViolation(on: .primaryKey, .unique) {
                throw .duplicatePost(id: post.id)
            }
        }
    }
}
