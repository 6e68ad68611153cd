/// R21 without reading the record table. Deleting a record deletes the social activities that
/// regard it when the regarding relationship's `CascadeConfiguration.Delete` is `Cascade`
/// (D365 `socialactivity.md`, e.g. `Incident_SocialActivities`; PA
/// `webapi/query-metadata-web-api` for the relationship metadata). So an activity that still
/// exists and still regards the link's record proves the record exists, and only links whose
/// activity is gone or regards something else, or whose relationship cascades otherwise
/// (`RemoveLink`, `Restrict`, `NoCascade`, or not reported), need the record read.
///
/// Inferred, not promised: a large cascade may run in the background with eventual
/// consistency (power-platform `admin/async-cascading`), so a deleted record can look present
/// until its activities are gone too. That errs only the safe way (N1): the link breaks a
/// pass or two later, never wrongly.
public enum RegardingCascade {
    /// socialactivity's regarding lookup.
    public static let regardingAttribute = "regardingobjectid"

    /// Whether `activity` proves the link's record exists, given socialactivity's metadata
    /// (its many-to-one relationships, as the instance reported them; nil when unknown).
    public static func impliesRecordExists(_ link: Link, activity: ActivityObservation, activityTable: EntityMetadata?) -> Bool {
        guard case .exists(let regarding) = activity, RecordStatusRules.isRegarding(regarding, link.record) else { return false }
        return activityTable?.relationship(regardingAttribute, to: link.record.entity)?.cascadeDelete == "Cascade"
    }
}
