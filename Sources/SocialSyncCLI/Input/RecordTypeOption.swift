import SocialSyncCore

/// The `--record-type` of `links create` and `rules add`: a table's logical name
/// (`EntityLogicalName`), lower-cased as Dataverse spells it; anything else is a usage error
/// (64) before the store or an instance is touched.
enum RecordTypeOption {
    static func checked(_ text: String) throws(CommandError) -> String {
        let name = text.lowercased()
        if let problem = EntityLogicalName.problem(name) { throw CommandError(.usage, "--record-type: \(problem)") }
        return name
    }
}
