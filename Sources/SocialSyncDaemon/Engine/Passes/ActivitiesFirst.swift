import Dataverse
import SocialSyncCore
import SocialSyncStore

/// Activities first (issue 13): one read of the activities answers R20-R22 for almost every
/// link, because an activity that still regards its link's record through a relationship that
/// cascades Delete proves the record exists (`RegardingCascade`). Record tables are read only
/// for the other links, so a pass's records cost follows what changed, not the links. R16's
/// stored details are refreshed only for the records actually read, and every link's record
/// is read at least once, so `links show` always has a reading to fall back on.
extension InstanceReconciler {
    /// The activities of `links` by id, then the records that still need a read.
    func observeActivitiesFirst(_ links: [Link], metadata: MetadataCache) async throws -> Observations {
        try await observeRecords(of: links, given: await client.observeActivities(links.map(\.activityID)), metadata: metadata)
    }

    /// The records of `links` the activities do not vouch for, or that were never read (no
    /// details kept), read in batches per table; the others are `impliedByCascade`. A link
    /// whose activity got no definitive answer cannot be judged this pass (N1), so its record
    /// is not read either.
    func observeRecords(of links: [Link], given activities: [String: ActivityObservation], metadata: MetadataCache) async throws -> Observations {
        let activityTable = try await metadata.definition(of: TrackedTable.activityEntity)
        let detailed = try await store.read { [links] in try $0.recordDetails.linksWithDetails(links.map(\.id)) }
        var records: [RecordReference: RecordObservation] = [:]
        var unread = Set<RecordReference>()
        for link in links {
            let activity = activities[link.activityID] ?? .unknown
            if detailed.contains(link.id), RegardingCascade.impliesRecordExists(link, activity: activity, activityTable: activityTable) {
                records[link.record] = .impliedByCascade
            } else if activity != .unknown {
                unread.insert(link.record)
            }
        }
        for (entity, references) in Dictionary(grouping: unread, by: \.entity) {
            guard let table = try await metadata.definition(of: entity) else { continue }
            let answers = await client.observeRecords(table, ids: references.map(\.id))
            for reference in references {
                records[reference] = answers[reference.id] ?? .unknown
            }
        }
        return Observations(activities: activities, records: records)
    }
}
