import Foundation
import SocialSyncCore
import Testing

@Suite("Creation from a post (R8, R8a; dataverse.md \"Creating records the way Dataverse accepts them\")")
struct CreationPlannerTests {
    typealias F = CreationFixtures

    func body(_ request: CreationRequest) throws -> [String: Any] {
        let rendered = try #require(request.body).rendered()
        return try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
    }

    func writes(_ record: EntityMetadata = F.incident, _ author: AuthorProfile = .notFound, post: Post = F.post()) throws -> [CreationRequest] {
        try CreationPlanner.plan(post: post, tables: F.tables(record: record), ids: F.ids).writes(for: author)
    }

    @Test func r8_regardingIsBoundThroughTheRelationshipsNavigationProperty() throws {
        let caseActivity = try body(try writes(F.incident)[3])
        #expect(caseActivity["regardingobjectid_incident_socialactivity@odata.bind"] as? String == "/incidents(aaaaaaaa-0000-0000-0000-000000000002)")
        #expect(caseActivity["regardingobjectid_incident@odata.bind"] == nil)
        let leadActivity = try body(try writes(F.lead)[3])
        #expect(leadActivity["regardingobjectid_lead_socialactivity@odata.bind"] as? String == "/leads(aaaaaaaa-0000-0000-0000-000000000002)")
        #expect(caseActivity["postfromprofileid@odata.bind"] as? String == "/socialprofiles(aaaaaaaa-0000-0000-0000-000000000001)")
    }

    @Test func r8_aTableSocialActivitiesCannotRegardIsRefusedBeforeAnythingIsPlanned() {
        let widget = EntityMetadata(logicalName: "new_widget", entitySetName: "new_widgets", primaryIdAttribute: "new_widgetid", attributes: [], manyToOne: [])
        #expect(throws: CreationPlanningError.notARegardingTarget(table: "new_widget")) { try CreationPlanner.check(F.tables(record: widget)) }
    }

    @Test func r8_aCaseHasTheAuthorsContactAsItsCustomer() throws {
        let requests = try writes(F.incident)
        #expect(requests.map { $0.path } == [
            "contacts(cccccccc-0000-0000-0000-000000000004)", "socialprofiles(aaaaaaaa-0000-0000-0000-000000000001)",
            "incidents(aaaaaaaa-0000-0000-0000-000000000002)", "socialactivities(aaaaaaaa-0000-0000-0000-000000000003)",
        ])
        #expect(requests.allSatisfy { $0.method == "PATCH" && $0.headers == ["If-None-Match": "*"] })
        let record = try body(requests[2])
        #expect(record["customerid_contact@odata.bind"] as? String == "/contacts(cccccccc-0000-0000-0000-000000000004)")
        #expect(record["title"] as? String == "Line one line two")
        #expect(record.count == 2)
        let contact = try body(requests[0])
        #expect(contact["lastname"] as? String == "@alice")
        #expect(contact["fullname"] == nil)
    }

    @Test func r8_aLeadIsNamedThroughItsWritableColumnsNotTheComputedFullname() throws {
        let lead = try body(try writes(F.lead)[2])
        #expect(lead["fullname"] == nil)
        #expect(lead["lastname"] as? String == "@alice")
        #expect(lead["subject"] as? String == "Line one line two")
    }

    @Test func r8_aRequiredColumnSocialsyncCannotFillRefusesTheTableNamingTheColumn() {
        var order = F.incident
        order.logicalName = "salesorder"
        order.attributes! += [F.attribute("pricelevelid", "Lookup", .systemRequired)]
        var activities = F.socialActivity
        activities.manyToOne! += [F.relationship("SalesOrder_SocialActivities", "regardingobjectid", to: "salesorder", "regardingobjectid_salesorder_socialactivity")]
        let tables = CreationTables(contact: F.contact, socialProfile: F.socialProfile, record: order, socialActivity: activities)
        #expect(throws: CreationPlanningError.unfillableRequiredColumn(table: "salesorder", column: "pricelevelid")) { try CreationPlanner.check(tables) }
    }

    @Test func r8_theAuthorsProfileIsLookedUpByCommunityAndHandle() throws {
        let lookup = try CreationPlanner.plan(post: F.post(author: "O'Brien & co"), tables: F.tables(), ids: F.ids).profileLookup
        #expect(lookup.method == "GET")
        #expect(lookup.body == nil)
        #expect(lookup.path == "socialprofiles?$select=socialprofileid,_customerid_value&$filter=statecode%20eq%200%20and%20community%20eq%202%20and%20uniqueprofileid%20eq%20%27O%27%27Brien%20%26%20co%27")
    }

    @Test func r8_anExistingProfileAndItsContactAreReusedNotCreatedAgain() throws {
        let existing = RecordReference(entity: "contact", id: "dddddddd-0000-0000-0000-000000000009")
        let requests = try writes(F.incident, .found(profileID: "eeeeeeee-0000-0000-0000-000000000008", customer: existing))
        #expect(requests.map { $0.table } == ["incident", "socialactivity"])
        #expect(try body(requests[0])["customerid_contact@odata.bind"] as? String == "/contacts(dddddddd-0000-0000-0000-000000000009)")
        let activity = try body(requests[1])
        #expect(activity["postfromprofileid@odata.bind"] as? String == "/socialprofiles(eeeeeeee-0000-0000-0000-000000000008)")
        #expect(activity["postauthor_contact@odata.bind"] as? String == "/contacts(dddddddd-0000-0000-0000-000000000009)")
        #expect(activity["postauthoraccount_contact@odata.bind"] as? String == "/contacts(dddddddd-0000-0000-0000-000000000009)")
    }

    @Test func r8_aProfileTiedToAnAccountMakesTheAccountTheCustomer() throws {
        let company = RecordReference(entity: "account", id: "dddddddd-0000-0000-0000-00000000000a")
        let requests = try writes(F.incident, .found(profileID: "eeeeeeee-0000-0000-0000-000000000008", customer: company))
        #expect(try body(requests[0])["customerid_account@odata.bind"] as? String == "/accounts(dddddddd-0000-0000-0000-00000000000a)")
        #expect(try body(requests[1])["postauthor_account@odata.bind"] as? String == "/accounts(dddddddd-0000-0000-0000-00000000000a)")
    }

    @Test func r8_aProfileTiedToAnAccountMeetingATableThatTakesNoAccountCustomerIsRefusedNotSentEmpty() throws {
        var contactsOnly = F.incident
        contactsOnly.manyToOne = contactsOnly.manyToOne!.filter { $0.referencedEntity != "account" }
        let plan = try CreationPlanner.plan(post: F.post(), tables: F.tables(record: contactsOnly), ids: F.ids)
        let company = RecordReference(entity: "account", id: "dddddddd-0000-0000-0000-00000000000a")
        #expect(throws: CreationPlanningError.unfillableRequiredColumn(table: "incident", column: "customerid")) {
            try plan.writes(for: .found(profileID: "eeeeeeee-0000-0000-0000-000000000008", customer: company))
        }
    }

    @Test func r8_aProfileWithoutCustomerGetsAContactForTheCase() throws {
        let requests = try writes(F.incident, .found(profileID: "eeeeeeee-0000-0000-0000-000000000008", customer: nil))
        #expect(requests.map { $0.table } == ["contact", "incident", "socialactivity"])
        #expect(try body(requests[1])["customerid_contact@odata.bind"] as? String == "/contacts(cccccccc-0000-0000-0000-000000000004)")
    }

    @Test func r8_theProfileIsTiedToTheNewContact() throws {
        let profile = try body(try writes()[1])
        #expect(profile["customerid_contact@odata.bind"] as? String == "/contacts(cccccccc-0000-0000-0000-000000000004)")
        #expect(profile["uniqueprofileid"] as? String == "@alice")
        #expect(profile["community"] as? Int == 2)
    }

    @Test func r8_theActivityCarriesMSEsDocumentedColumnsAndPayloadKeys() throws {
        let activity = try body(try writes()[3])
        #expect(activity["subject"] as? String == "Line one line two")
        #expect(activity["description"] as? String == "Line one\nline two")
        #expect(activity["postid"] as? String == "post-1")
        #expect(activity["postedon"] as? String == "2023-11-14T22:13:20Z")
        #expect(activity["community"] as? Int == 2)
        #expect(activity["sentimentvalue"] as? Int == -1)
        #expect(activity["postmessagetype"] as? Int == 0)
        #expect(activity["directioncode"] as? Bool == false)
        let paramsText = try #require(activity["activityadditionalparams"] as? String)
        let params = try #require(try JSONSerialization.jsonObject(with: Data(paramsText.utf8)) as? [String: Any])
        #expect(params["targetEntityName"] as? String == "socialactivity")
        #expect(params["userPreferredTargetEntity"] as? String == "incident")
        #expect(params["socialHandle"] as? String == "@alice")
        #expect(params["MSEbacklinkPost"] as? String == "https://twitter.com/a/status/1")
        #expect(params["tags"] as? [String] == ["billing", "urgent"])
    }

    @Test func r8_valuesAreCutToTheLengthsTheMetadataReports() throws {
        var narrow = F.incident
        narrow.attributes = narrow.attributes!.map { column in
            var cut = column
            if column.logicalName == "title" { cut.maxLength = 10 }
            return cut
        }
        let long = String(repeating: "é", count: 3000)
        let post = F.post(text: long, tags: (0..<2000).map { "tag\($0)" }, url: "https://x.example/" + String(repeating: "p", count: 500))
        let requests = try writes(narrow, post: post)
        #expect((try body(requests[2])["title"] as? String)?.utf16.count == 10)
        let activity = try body(requests[3])
        #expect((activity["subject"] as? String)?.utf16.count == 200)
        #expect((activity["description"] as? String)?.utf16.count == 2000)
        #expect((activity["posturl"] as? String)?.utf16.count == 200)
        #expect((activity["activityadditionalparams"] as? String).map { $0.utf16.count <= 8192 } == true)
    }

    @Test func r8_columnsACreateMayNotSetAreNeverSent() throws {
        var readOnly = F.socialActivity
        readOnly.attributes = readOnly.attributes!.map { column in
            var changed = column
            if column.logicalName == "sentimentvalue" { changed.isValidForCreate = false }
            return changed
        }
        let tables = CreationTables(contact: F.contact, socialProfile: F.socialProfile, record: F.incident, socialActivity: readOnly)
        let activity = try body(try CreationPlanner.plan(post: F.post(), tables: tables, ids: F.ids).writes(for: .notFound)[3])
        #expect(activity["sentimentvalue"] == nil)
    }

    @Test func r8_unreportedColumnsRefuseTheTable() {
        var unknown = F.incident
        unknown.attributes = nil
        #expect(throws: CreationPlanningError.incompleteMetadata(table: "incident", missing: "columns")) { try CreationPlanner.check(F.tables(record: unknown)) }
    }

    @Test func r8_theDryRunShowsTheLookupAndEveryCreate() throws {
        let rendered = try CreationPlanner.plan(post: F.post(), tables: F.tables(), ids: F.ids).rendered()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        #expect((root["lookup"] as? [String: Any])?["method"] as? String == "GET")
        #expect((root["requests"] as? [Any])?.count == 4)
        #expect(rendered == (try CreationPlanner.plan(post: F.post(), tables: F.tables(), ids: F.ids).rendered()))
    }

    @Test func r8a_aRefusedCreationEndsTheLinkAsFailed() {
        let pending = Fixtures.link(.pending)
        #expect(CreationRules.effect(on: pending, outcome: .rejected("HTTP 400")) == .transition(Transition(to: .failed, reason: .creationRejected)))
        #expect(CreationRules.effect(on: pending, outcome: .retryLater("HTTP 503")) == .keep)
        #expect(CreationRules.effect(on: pending, outcome: .confirmed) == .transition(Transition(to: .active, reason: .created)))
        #expect(CreationRules.effect(on: Fixtures.link(.unlinked), outcome: .rejected("HTTP 400")) == .keep)
        #expect(!LinkState.failed.isCurrent)
    }
}
