import Testing
import SocialSyncCore

/// Activities first (`RegardingCascade`) and the choice between reading by id and reading the
/// whole table (`VerificationModeChoice`).
@Suite struct VerificationChoiceTests {
    typealias F = Fixtures

    private static func activityTable(delete: String?) -> EntityMetadata {
        EntityMetadata(
            logicalName: "socialactivity", entitySetName: "socialactivities", primaryIdAttribute: "activityid",
            manyToOne: [RelationshipMetadata(
                schemaName: "Incident_SocialActivities", referencedEntity: "incident", referencingAttribute: "regardingobjectid",
                navigationProperty: "regardingobjectid_incident_socialactivity", cascadeDelete: delete)])
    }

    /// R21: only an activity that still regards the record, through a relationship whose
    /// Delete cascades, vouches for the record; everything else needs the record read.
    @Test func r21_anActivityVouchesForItsRecordOnlyUnderADeleteCascade() {
        let link = F.link(.active)
        let cascading = Self.activityTable(delete: "Cascade")
        #expect(RegardingCascade.impliesRecordExists(link, activity: .exists(regarding: F.caseRecord), activityTable: cascading))
        let unannotated = RecordReference(entity: "", id: F.caseRecord.id)
        #expect(RegardingCascade.impliesRecordExists(link, activity: .exists(regarding: unannotated), activityTable: cascading))
        let other = RecordReference(entity: "incident", id: "33333333-3333-3333-3333-333333333333")
        for activity in [ActivityObservation.exists(regarding: other), .exists(regarding: nil), .missing, .unknown] {
            #expect(!RegardingCascade.impliesRecordExists(link, activity: activity, activityTable: cascading), "\(activity)")
        }
        for delete in ["NoCascade", "RemoveLink", "Restrict", nil] {
            #expect(!RegardingCascade.impliesRecordExists(link, activity: .exists(regarding: F.caseRecord), activityTable: Self.activityTable(delete: delete)))
        }
        #expect(!RegardingCascade.impliesRecordExists(link, activity: .exists(regarding: F.caseRecord), activityTable: nil))
    }

    /// R20-R22 read a record the activity vouches for as one that exists.
    @Test func r20_r22_aVouchedForRecordJudgesAsAnExistingOne() {
        let link = F.link(.active)
        #expect(RecordStatusRules.finding(for: link, activity: .exists(regarding: F.caseRecord), record: .impliedByCascade) == .intact)
    }

    @Test func forcedModesAreKept() {
        #expect(VerificationModeChoice.mode(.ids, links: 1_000_000, activities: 1_000_000) == .ids)
        #expect(VerificationModeChoice.mode(.table, links: 1, activities: 1_000_000) == .table)
        #expect(!VerificationModeChoice.needsTableSize(.ids, links: 1_000_000))
        #expect(!VerificationModeChoice.needsTableSize(.table, links: 1_000_000))
    }

    @Test func autoReadsTheTableFromHalfTheActivitiesOn() {
        #expect(VerificationModeChoice.needsTableSize(.auto, links: VerificationModeChoice.minimumLinks))
        #expect(!VerificationModeChoice.needsTableSize(.auto, links: VerificationModeChoice.minimumLinks - 1))
        #expect(VerificationModeChoice.mode(.auto, links: 500_000, activities: 1_000_000) == .table)
        #expect(VerificationModeChoice.mode(.auto, links: 499_999, activities: 1_000_000) == .ids)
        #expect(VerificationModeChoice.mode(.auto, links: 999, activities: 999) == .ids, "too few links to be worth a count")
        #expect(VerificationModeChoice.mode(.auto, links: 5000, activities: nil) == .ids, "an unknown size keeps ids")
        #expect(VerificationModeChoice.mode(.auto, links: 5000, activities: 0) == .ids, "no snapshot yet keeps ids")
    }
}
