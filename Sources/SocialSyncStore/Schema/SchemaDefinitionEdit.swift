/// A change to a table's CHECK constraints that changes no stored row (a widening), which
/// SQLite cannot express with ALTER TABLE. SQLite's ALTER TABLE page allows it by editing
/// the table's definition in `sqlite_schema` and bumping `schema_version`, inside the
/// migration's transaction (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
/// Schema Changes").
enum SchemaDefinitionEdit {
    /// Replaces each `(old, new)` text in the definitions of `tables`, in order.
    static func widen(_ database: Database, tables: [String], _ replacements: [(old: String, new: String)]) throws(StoreError) {
        let version = try database.queryFirst("PRAGMA schema_version") { $0.int(0) } ?? 0
        try database.execute("PRAGMA writable_schema = ON")
        for replacement in replacements {
            let names = tables.map { "'\($0)'" }.joined(separator: ", ")
            try database.run(
                "UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name IN (\(names))",
                .text(replacement.old), .text(replacement.new))
        }
        try database.execute("PRAGMA schema_version = \(version + 1)")
        try database.execute("PRAGMA writable_schema = OFF")
    }
}
