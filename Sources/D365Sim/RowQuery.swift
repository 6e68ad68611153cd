/// Finds the rows a `$filter` names, in key order. Conditions on the primary key are
/// dictionary look-ups (the fast path for batch reads); other columns are scanned.
struct RowQuery {
    let table: Table

    func matchingIDs(_ filter: ODataFilter?) throws(DataverseError) -> [GUID] {
        guard let filter else { return table.rows.keys.sorted() }
        var matches = Set<GUID>()
        for clause in filter.clauses {
            guard let first = clause.first else { continue }
            var candidates = Set<GUID>()
            try collect(first, into: &candidates)
            for condition in clause.dropFirst() {
                var meeting = Set<GUID>()
                try collect(condition, into: &meeting, among: candidates)
                candidates = meeting
            }
            matches.formUnion(candidates)
        }
        return matches.sorted()
    }

    /// Adds the ids meeting the condition, among `candidates` when given (an `and`).
    private func collect(
        _ condition: ODataFilter.Condition, into matches: inout Set<GUID>, among candidates: Set<GUID>? = nil
    ) throws(DataverseError) {
        let entity = table.entity
        if condition.property == entity.primaryIdAttribute {
            for value in condition.values {
                guard let id = try guid(value, property: condition.property) else { continue }
                if table.rows[id] != nil, candidates?.contains(id) ?? true { matches.insert(id) }
            }
        } else if let lookup = lookupName(ofValueProperty: condition.property) {
            guard entity.allowsLookup(lookup) else { throw unknownProperty(condition.property) }
            var wanted = Set<GUID>()
            var wantsNull = false
            for value in condition.values {
                if let id = try guid(value, property: condition.property) { wanted.insert(id) } else { wantsNull = true }
            }
            forEachRow(among: candidates) { id, row in
                let target = row.lookups[lookup]?.id
                if target.map(wanted.contains) ?? wantsNull { matches.insert(id) }
            }
        } else {
            guard entity.allowsColumn(condition.property) else { throw unknownProperty(condition.property) }
            forEachRow(among: candidates) { id, row in
                let stored = row.columns[condition.property] ?? .null
                if condition.values.contains(where: { $0.matches(stored) }) { matches.insert(id) }
            }
        }
    }

    /// Visits every row, or only the candidates of an `and`, without copying the table.
    private func forEachRow(among candidates: Set<GUID>?, _ body: (GUID, Row) -> Void) {
        guard let candidates else {
            for (id, row) in table.rows { body(id, row) }
            return
        }
        for id in candidates {
            if let row = table.rows[id] { body(id, row) }
        }
    }

    /// A GUID literal, or a string holding one (how In() lists ids); nil for `null`.
    private func guid(_ literal: ODataLiteral, property: String) throws(DataverseError) -> GUID? {
        switch literal {
        case .guid(let id): return id
        case .string(let text):
            guard let id = GUID(text) else { throw .badQuery("'\(text)' is not a valid Guid value for \(property).") }
            return id
        case .null: return nil
        case .integer, .boolean:
            throw .badQuery("A binary operator with incompatible types was detected for \(property) (Edm.Guid).")
        }
    }

    private func unknownProperty(_ name: String) -> DataverseError {
        .badQuery("Could not find a property named '\(name)' on type 'Microsoft.Dynamics.CRM.\(table.entity.logicalName)'.")
    }
}

/// The position a `@odata.nextLink` resumes from. Dataverse's `$skiptoken` is an opaque
/// paging cookie; the simulator's carries the page number and the last key returned.
struct SkipToken: Equatable {
    var pageNumber: Int
    var lastID: GUID
    /// For a read with change tracking: the version its delta link will start from.
    var trackedFrom: Int?

    var text: String {
        let tracked = trackedFrom.map { " trackedfrom=\"\($0)\"" } ?? ""
        return "<cookie pagenumber=\"\(pageNumber)\" lastid=\"\(lastID)\"\(tracked) />"
    }

    init(pageNumber: Int, lastID: GUID, trackedFrom: Int? = nil) {
        self.pageNumber = pageNumber
        self.lastID = lastID
        self.trackedFrom = trackedFrom
    }

    init(parsing text: String) throws(DataverseError) {
        guard let page = Self.attribute("pagenumber", in: text).flatMap({ Int($0) }),
            let last = Self.attribute("lastid", in: text).flatMap({ GUID($0) })
        else { throw .badQuery("The $skiptoken value is not valid: \(text)") }
        self.init(pageNumber: page, lastID: last, trackedFrom: Self.attribute("trackedfrom", in: text).flatMap { Int($0) })
    }

    private static func attribute(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "\(name)=\"") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
