/// What every repository shares: the transaction it works in.
protocol Repository {
    associatedtype Access
    var transaction: Transaction<Access> { get }
}

extension Repository {
    func database() throws(StoreError) -> Database { try transaction.database() }
}
