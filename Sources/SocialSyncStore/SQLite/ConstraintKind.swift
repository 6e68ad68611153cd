import CSQLite

/// The constraint violations the repositories turn into named errors, by SQLite's
/// extended result codes (`SQLITE_CONSTRAINT | n << 8`; the macros do not import).
enum ConstraintKind: Int32 {
    case foreignKey = 3
    case primaryKey = 6
    case unique = 8

    var extendedCode: Int32 { SQLITE_CONSTRAINT | (rawValue << 8) }
}

extension StoreError {
    func isConstraintViolation(on kinds: ConstraintKind...) -> Bool {
        guard let code = sqliteCode else { return false }
        return kinds.contains { $0.extendedCode == code }
    }
}
