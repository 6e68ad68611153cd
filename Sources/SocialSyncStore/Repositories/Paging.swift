/// Streaming reads fetch this many rows per query (keyset pagination on the key), so
/// memory stays bounded whatever the table size and no statement stays open while the
/// caller's block runs, which may itself write.
enum Paging {
    static let pageSize = 500
}
