import Foundation

/// Deterministic bulk data for benchmarks: organizations `org1`…`orgM`, and `N` social
/// activities dealt round-robin, each regarding an incident (a lead for every tenth).
/// Ids follow `GUID(kind:index:)`, `<kind>-0000-4000-8000-<index in 12 hex digits>`:
/// activity `i` is kind `ac000000`, its incident `1c000000` or lead `1e000000` with the
/// same index, organization `k` is kind `0e000000` with index `k`. So two runs, or a
/// benchmark, compute the same ids. Each organization also has one contact, kind `c0000000`
/// with its organization's index, the customer every generated incident needs
/// (`customerid` is SystemRequired on incident).
public struct GeneratedData: Sendable {
    public let activities: Int
    public let instances: Int

    static let activityKind: UInt32 = 0xac00_0000
    static let incidentKind: UInt32 = 0x1c00_0000
    static let leadKind: UInt32 = 0x1e00_0000
    static let organizationKind: UInt32 = 0x0e00_0000
    static let contactKind: UInt32 = 0xc000_0000

    public init(activities: Int, instances: Int) throws(SimulatorError) {
        guard activities >= 0, instances >= 1 else {
            throw .badRequest("--generate needs N >= 0 activities and --instances M >= 1")
        }
        self.activities = activities
        self.instances = instances
    }

    /// One generated link, in interface.md's link import shape.
    public struct Link: Sendable, Equatable {
        public let postID: String
        public let instance: String
        public let activityID: GUID
        public let record: LookupValue

        var jsonLine: String {
            "{\"post_id\":\"\(postID)\",\"instance\":\"\(instance)\",\"activity_id\":\"\(activityID)\",\"record_entity\":\"\(record.entity)\",\"record_id\":\"\(record.id)\"}\n"
        }
    }

    public func settings(instance: Int) -> OrganizationSettings {
        OrganizationSettings(name: "org\(instance)", organizationID: GUID(kind: Self.organizationKind, index: UInt64(instance)))
    }

    /// Activity `index` (1-based): its organization number and link.
    public func link(_ index: Int) -> Link {
        let instance = (index - 1) % instances + 1
        let isLead = index % 10 == 0
        let record = LookupValue(
            entity: isLead ? "lead" : "incident",
            id: GUID(kind: isLead ? Self.leadKind : Self.incidentKind, index: UInt64(index)))
        return Link(
            postID: "post-\(index)", instance: "org\(instance)",
            activityID: GUID(kind: Self.activityKind, index: UInt64(index)), record: record)
    }

    /// Writes one JSON line per link, in interface.md's link import shape.
    public func writeLinks(to path: String) throws(SimulatorError) {
        try writeLines(to: path) { link($0).jsonLine }
    }

    /// Writes the posts of the generated links in interface.md's post import shape, so a
    /// demo or benchmark can fill socialsync's store to match. Posts belong to Social
    /// Engagement, not Dataverse: this only spares every caller from deriving the same ids.
    public func writePosts(to path: String) throws(SimulatorError) {
        try writeLines(to: path) { index in
            let sentiment = [-1, 0, 1][index % 3]
            return "{\"id\":\"post-\(index)\",\"url\":\"https://social.example/posts/\(index)\",\"author\":\"author-\(index % 97)\",\"text\":\"generated post \(index)\",\"sentiment\":\(sentiment),\"tags\":[\"generated\"],\"source\":\"\(index % 2 == 0 ? "twitter" : "facebook")\",\"published_at\":\"2024-01-01T00:00:00Z\"}\n"
        }
    }

    /// Streams one line per generated index, so a million lines need no large buffer.
    private func writeLines(to path: String, _ line: (Int) -> String) throws(SimulatorError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
        else { throw .badRequest("cannot write \(path)") }
        defer { try? handle.close() }
        var chunk = ""
        do {
            for index in stride(from: 1, through: activities, by: 1) {
                chunk += line(index)
                if chunk.utf8.count > 1 << 20 {
                    try handle.write(contentsOf: Data(chunk.utf8))
                    chunk = ""
                }
            }
            try handle.write(contentsOf: Data(chunk.utf8))
        } catch {
            throw .badRequest("cannot write \(path): \(error)")
        }
    }
}

extension Organization {
    /// Inserts this organization's share of the generated activities and their records, as
    /// the platform would hold them: incidents with their customer contact, incidents and
    /// leads in their default state and status (statecode 0; statuscode 1, "In Progress" and
    /// "New"), a primary name and the created/modified times the platform writes. The record
    /// columns are one dictionary per table shared by every row (copy on write), so a
    /// million records cost no more memory than before; activities keep only their post id
    /// and regarding record, and read statecode null, as any seeded row without one.
    mutating func insertGenerated(_ data: GeneratedData, instance: Int) {
        let share = data.activities / data.instances + 1
        tables["socialactivities"]!.rows.reserveCapacity(share)
        tables["incidents"]!.rows.reserveCapacity(share)
        tables["leads"]!.rows.reserveCapacity(share / 10 + 1)
        let customer = LookupValue(entity: "contact", id: GUID(kind: GeneratedData.contactKind, index: UInt64(instance)))
        var contact = Row(version: nextVersion())
        contact.columns = ["lastname": .string("Generated customer"), "fullname": .string("Generated customer"), "statecode": .integer(0), "statuscode": .integer(1)]
        tables["contacts"]!.rows[customer.id] = contact
        let stamp = JSONValue.string(Self.timestamp(Date()))
        let openRecord: [String: JSONValue] = ["statecode": .integer(0), "statuscode": .integer(1), "createdon": stamp, "modifiedon": stamp]
        let openCase = openRecord.merging(["title": .string("Generated case")]) { first, _ in first }
        let openLead = openRecord.merging(["lastname": .string("Generated lead"), "fullname": .string("Generated lead")]) { first, _ in first }
        let customerLookup = ["customerid": customer]
        for index in stride(from: instance, through: data.activities, by: data.instances) {
            let link = data.link(index)
            if link.record.entity == "lead" {
                tables["leads"]!.rows[link.record.id] = Row(version: nextVersion(), columns: openLead)
            } else {
                var record = Row(version: nextVersion(), columns: openCase)
                record.lookups = customerLookup
                tables["incidents"]!.rows[link.record.id] = record
            }
            var activity = Row(version: nextVersion())
            activity.columns["postid"] = .string(link.postID)
            activity.lookups["regardingobjectid"] = link.record
            tables["socialactivities"]!.rows[link.activityID] = activity
        }
    }
}
