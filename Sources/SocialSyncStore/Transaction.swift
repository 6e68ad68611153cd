/// Marks a transaction that may only read.
public enum ReadAccess {}
/// Marks a transaction that may also write; its repositories offer the mutations.
public enum WriteAccess {}

/// A transaction in progress, handed to the block of `Store.read` or `Store.write`.
///
/// The access marker decides at compile time which repository methods exist: the
/// mutations are only on `WriteTransaction`. The object is only valid inside its block;
/// kept beyond it, every call fails with `StoreError.transactionFinished`.
public final class Transaction<Access> {
    private let connection: Database
    private var isOpen = true

    init(database: Database) {
        connection = database
    }

    func finish() { isOpen = false }

    func database() throws(StoreError) -> Database {
        guard isOpen else { throw .transactionFinished }
        return connection
    }

    public var instances: InstanceRepository<Access> { InstanceRepository(transaction: self) }
    public var posts: PostRepository<Access> { PostRepository(transaction: self) }
    public var links: LinkRepository<Access> { LinkRepository(transaction: self) }
    public var journal: JournalRepository<Access> { JournalRepository(transaction: self) }
    public var rules: RuleRepository<Access> { RuleRepository(transaction: self) }
    public var outbox: OutboxRepository<Access> { OutboxRepository(transaction: self) }
    public var entityMetadata: EntityMetadataRepository<Access> { EntityMetadataRepository(transaction: self) }
    public var changeTracking: ChangeTrackingRepository<Access> { ChangeTrackingRepository(transaction: self) }
    public var recordDetails: RecordDetailsRepository<Access> { RecordDetailsRepository(transaction: self) }
    public var serviceRequests: ServiceRequestRepository<Access> { ServiceRequestRepository(transaction: self) }
}

public typealias ReadTransaction = Transaction<ReadAccess>
public typealias WriteTransaction = Transaction<WriteAccess>

@available(*, unavailable, message: "a transaction belongs to the thread running its block")
extension Transaction: Sendable {}
