/// Finds the rows a `$filter` names, in key order. Conditions on the primary key are
/// dictionary look-ups (the fast path for batch reads); other columns are scanned.
struct RowQuery {
    let table: Table

    func matchingIDs(_ filter: ODataFilter?) throws(DataverseError) -> [GUID] {
        guard let filter else { return table.rows.keys.sorted() }
        var matches = Set<GUID>()
        for condition in filter.conditions {
            try collect(condition, into: &matches)
        }
        return matches.sorted()
    }

    private func collect(_ condition: ODataFilter.Condition, into matches: inout Set<GUID>) throws(DataverseError) {
        let entity = table.entity
        if condition.property == entity.primaryIdAttribute {
            for value in condition.values {
                guard let id = try guid(value, property: condition.property) else { continue }
                if table.rows[id] != nil { matches.insert(id) }
            }
        } else if let lookup = lookupName(ofValueProperty: condition.property) {
            guard entity.allowsLookup(lookup) else { throw unknownProperty(condition.property) }
            var wanted = Set<GUID>()
            var wantsNull = false
            for value in condition.values {
                if let id = try guid(value, property: condition.property) { wanted.insert(id) } else { wantsNull = true }
            }
            for (id, row) in table.rows {
                let target = row.lookups[lookup]?.id
                if target.map(wanted.contains) ?? wantsNull { matches.insert(id) }
            }
        } else {
            guard entity.allowsColumn(condition.property) else { throw unknownProperty(condition.property) }
            for (id, row) in table.rows {
                let stored = row.columns[condition.property] ?? .null
                if condition.values.contains(where: { Self.literal($0, equals: stored) }) { matches.insert(id) }
            }
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

    private static func literal(_ literal: ODataLiteral, equals stored: JSONValue) -> Bool {
        switch literal {
        case .string(let text): stored == .string(text)
        case .guid(let id): stored.stringValue.flatMap(GUID.init) == id
        case .integer(let number): stored == .integer(number)
        case .boolean(let flag): stored == .bool(flag)
        case .null: stored == .null
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
