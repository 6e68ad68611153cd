import Foundation
import Testing
@testable import D365Sim
import TestSupport

/// The simulator against Microsoft's metadata: writes refused as Dataverse refuses them,
/// metadata reads, cascading deletes, and the write-rule admin routes.
@Suite("d365-sim metadata and write rules")
struct SimulatorMetadataTests {
    private static func id(_ kind: UInt32, _ index: UInt64) -> String { SimulatorDataTests.id(kind, index) }
    private static let contact = id(0xc0, 6)

    private static func message(_ response: TestResponse) -> String? {
        (response.json["error"] as? [String: Any])?["message"] as? String
    }

    /// A row read with every annotation, as the product reads lookups and choices.
    private static func annotated(_ client: SimulatorClient, _ token: String, _ target: String) async throws -> TestResponse {
        try await client.api("GET", "contoso", target, token: token, headers: [("Prefer", "odata.include-annotations=\"*\"")])
    }

    private static func create(
        _ client: SimulatorClient, _ token: String, _ set: String, _ id: String, _ body: String
    ) async throws -> TestResponse {
        try await client.api("PATCH", "contoso", "\(set)(\(id))", token: token, headers: [("If-None-Match", "*")], body: body)
    }

    @Test func bindsOnlyDeclaredNavigationPropertiesOfTheRightTable() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            let incident = "/incidents(\(Self.id(0x1c, 2)))"
            let wrong = try await Self.create(
                client, token, "socialactivities", Self.id(0xac, 60), #"{"subject":"s","regardingobjectid_incident@odata.bind":"\#(incident)"}"#)
            #expect(wrong.status == 400)
            #expect(wrong.errorCode == "0x80060888")
            #expect(Self.message(wrong) == "An undeclared property 'regardingobjectid_incident' which only has property annotations in the payload but no property value was found in the payload.")
            let plain = try await Self.create(
                client, token, "socialactivities", Self.id(0xac, 61), #"{"regardingobjectid@odata.bind":"\#(incident)"}"#)
            #expect(plain.status == 400)
            let otherTable = try await Self.create(
                client, token, "socialactivities", Self.id(0xac, 62), #"{"regardingobjectid_lead_socialactivity@odata.bind":"\#(incident)"}"#)
            #expect(otherTable.status == 400)
            let right = try await Self.create(
                client, token, "socialactivities", Self.id(0xac, 63), #"{"subject":"s","regardingobjectid_incident_socialactivity@odata.bind":"\#(incident)"}"#)
            #expect(right.status == 204)
            let read = try await Self.annotated(
                client, token, "socialactivities(\(Self.id(0xac, 63)))?$select=_regardingobjectid_value,statecode,statuscode")
            #expect(read.json["_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] as? String == "regardingobjectid_incident_socialactivity")
            #expect(read.json["_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] as? String == "incident")
            #expect(read.json["_regardingobjectid_value@OData.Community.Display.V1.FormattedValue"] as? String == "Case 2")
            #expect(read.json["statecode"] as? Int == 0)
            #expect(read.json["statecode@OData.Community.Display.V1.FormattedValue"] as? String == "Open")
            #expect(read.json["statuscode"] as? Int == 4)
            #expect(try await client.counters("contoso")["creates"] as? [String: Int] == ["socialactivities": 1])
        }
    }

    @Test func refusesReadOnlyMissingRequiredOverlongAndUnknownColumns() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            let fullName = try await Self.create(client, token, "leads", Self.id(0x1e, 20), #"{"fullname":"Ana Lima","subject":"s"}"#)
            #expect(fullName.status == 400)
            let lead = try await Self.create(client, token, "leads", Self.id(0x1e, 21), #"{"firstname":"Ana","lastname":"Lima","subject":"s"}"#)
            #expect(lead.status == 204)
            let readLead = try await Self.annotated(client, token, "leads(\(Self.id(0x1e, 21)))?$select=fullname,statuscode")
            #expect(readLead.json["fullname"] as? String == "Ana Lima")
            #expect(readLead.json["statuscode@OData.Community.Display.V1.FormattedValue"] as? String == "New")

            let noCustomer = try await Self.create(client, token, "incidents", Self.id(0x1c, 20), #"{"title":"t"}"#)
            #expect(noCustomer.status == 400)
            #expect(Self.message(noCustomer) == "You should specify a parent contact or account.")
            let byPlainName = try await Self.create(
                client, token, "incidents", Self.id(0x1c, 21), #"{"title":"t","customerid@odata.bind":"/contacts(\#(Self.contact))"}"#)
            #expect(byPlainName.status == 400)
            let withCustomer = try await Self.create(
                client, token, "incidents", Self.id(0x1c, 22), #"{"title":"t","customerid_contact@odata.bind":"/contacts(\#(Self.contact))"}"#)
            #expect(withCustomer.status == 204)
            let readIncident = try await Self.annotated(
                client, token, "incidents(\(Self.id(0x1c, 22)))?$select=statecode,statuscode,_customerid_value")
            #expect(readIncident.json["statecode@OData.Community.Display.V1.FormattedValue"] as? String == "Active")
            #expect(readIncident.json["statuscode@OData.Community.Display.V1.FormattedValue"] as? String == "In Progress")
            #expect(readIncident.json["_customerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] as? String == "customerid_contact")

            let long = String(repeating: "é", count: 201)
            let overlong = try await Self.create(client, token, "socialactivities", Self.id(0xac, 70), #"{"posturl":"\#(long)"}"#)
            #expect(overlong.status == 400)
            #expect(Self.message(overlong)?.contains("maximum allowed length of '200'") == true)
            let atLimit = try await Self.create(
                client, token, "socialactivities", Self.id(0xac, 71), #"{"posturl":"\#(String(repeating: "é", count: 200))"}"#)
            #expect(atLimit.status == 204)
            let unknown = try await Self.create(client, token, "socialactivities", Self.id(0xac, 72), #"{"nosuch":1}"#)
            #expect(unknown.status == 400)
            #expect(Self.message(unknown)?.hasPrefix("The property 'nosuch' does not exist on type 'Microsoft.Dynamics.CRM.socialactivity'") == true)
            let createOnly = try await client.api(
                "PATCH", "contoso", "socialactivities(\(Self.id(0xac, 71)))", token: token, body: #"{"sentimentvalue":1}"#)
            #expect(createOnly.status == 400)
            #expect(try await client.counters("contoso")["creates"] as? [String: Int] == ["leads": 1, "incidents": 1, "socialactivities": 1])
        }
    }

    @Test func answersAttributeAndRelationshipMetadata() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("contoso")
            let token = try await client.token("contoso")
            let base = "EntityDefinitions(LogicalName='incident')/Attributes"
            let attributes = try await client.api(
                "GET", "contoso", base + "?$select=LogicalName,AttributeType,RequiredLevel,IsValidForCreate,IsValidForUpdate", token: token)
            #expect(attributes.status == 200)
            let rows = try #require(attributes.json["value"] as? [[String: Any]])
            let customer = try #require(rows.first { $0["LogicalName"] as? String == "customerid" })
            #expect(customer["AttributeType"] as? String == "Customer")
            let level = try #require(customer["RequiredLevel"] as? [String: Any])
            #expect(level["Value"] as? String == "SystemRequired")
            #expect(level["CanBeChanged"] as? Bool == false)
            #expect(level["ManagedPropertyLogicalName"] as? String == "canmodifyrequirementlevelsettings")

            let maxLength = try await client.api("GET", "contoso", base + "?$select=LogicalName,MaxLength", token: token)
            #expect(maxLength.status == 400)
            #expect(Self.message(maxLength) == "Could not find a property named 'MaxLength' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'.")
            let strings = try await client.api(
                "GET", "contoso", base + "/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength", token: token)
            let stringRows = try #require(strings.json["value"] as? [[String: Any]])
            #expect(stringRows.contains { $0["LogicalName"] as? String == "title" && $0["MaxLength"] as? Int == 200 })
            #expect(!stringRows.contains { $0["LogicalName"] as? String == "description" })
            let memos = try await client.api(
                "GET", "contoso", base + "/Microsoft.Dynamics.CRM.MemoAttributeMetadata?$select=LogicalName,MaxLength", token: token)
            #expect((memos.json["value"] as? [[String: Any]])?.map { $0["LogicalName"] as? String } == ["description"])
            let lookups = try await client.api(
                "GET", "contoso", base + "/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets&$filter=LogicalName%20eq%20'customerid'",
                token: token)
            #expect(((lookups.json["value"] as? [[String: Any]])?.first?["Targets"] as? [String]) == ["account", "contact"])
            let single = try await client.api("GET", "contoso", base + "(LogicalName='title')?$select=LogicalName,MaxLength", token: token)
            #expect(single.json["MaxLength"] as? Int == 200)

            let relationships = try await client.api(
                "GET", "contoso",
                "EntityDefinitions(LogicalName='socialactivity')/ManyToOneRelationships?$select=SchemaName,ReferencedEntity,ReferencingEntityNavigationPropertyName,CascadeConfiguration&$filter=ReferencingAttribute%20eq%20'regardingobjectid'%20and%20ReferencedEntity%20eq%20'incident'",
                token: token)
            let relationship = try #require((relationships.json["value"] as? [[String: Any]])?.first)
            #expect((relationships.json["value"] as? [Any])?.count == 1)
            #expect(relationship["SchemaName"] as? String == "Incident_SocialActivities")
            #expect(relationship["ReferencingEntityNavigationPropertyName"] as? String == "regardingobjectid_incident_socialactivity")
            #expect((relationship["CascadeConfiguration"] as? [String: Any])?["Delete"] as? String == "Cascade")

            let unknownProperty = try await client.api("GET", "contoso", "EntityDefinitions(LogicalName='incident')?$select=Nonsense", token: token)
            #expect(unknownProperty.status == 400)
            let unknownTable = try await client.api("GET", "contoso", "EntityDefinitions(LogicalName='spaceship')", token: token)
            #expect(unknownTable.status == 404)
            let tracked = try await client.api("GET", "contoso", "EntityDefinitions(LogicalName='incident')?$select=ChangeTrackingEnabled,ObjectTypeCode", token: token)
            #expect(tracked.json["ChangeTrackingEnabled"] as? Bool == true)
            #expect(tracked.json["ObjectTypeCode"] as? Int == 112)
        }
    }

    @Test func deletingACaseDeletesItsActivitiesAndTrackingShowsThem() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            let tracked = [("Prefer", "odata.track-changes")]
            let full = try await client.api("GET", "contoso", "socialactivities?$select=activityid", token: token, headers: tracked)
            let delta = try #require(full.json["@odata.deltaLink"] as? String)
            let incident = Self.id(0x1c, 1)
            #expect(try await client.api("DELETE", "contoso", "incidents(\(incident))", token: token).status == 204)
            #expect(try await client.api("GET", "contoso", "socialactivities(\(Self.id(0xac, 1)))", token: token).status == 404)
            #expect(try await client.api("GET", "contoso", "socialactivities(\(Self.id(0xac, 2)))", token: token).status == 200)
            let changes = try await client.follow(delta, token: token, headers: tracked)
            let rows = try #require(changes.json["value"] as? [[String: Any]])
            #expect(rows.contains { $0["id"] as? String == Self.id(0xac, 1) && $0["reason"] as? String == "deleted" })

            let profile = Self.id(0x5f, 1)
            #expect(try await Self.create(client, token, "socialprofiles", profile, #"{"profilename":"ana","uniqueprofileid":"ana","community":2}"#).status == 204)
            let activity = Self.id(0xac, 90)
            #expect(try await Self.create(
                client, token, "socialactivities", activity, #"{"subject":"s","postfromprofileid@odata.bind":"/socialprofiles(\#(profile))"}"#).status == 204)
            #expect(try await client.admin("DELETE", "orgs/contoso/rows/socialprofiles/\(profile)").status == 200)
            #expect(try await client.api("GET", "contoso", "socialactivities(\(activity))", token: token).status == 404)
        }
    }

    @Test func alternateKeysAndRefusedCreatesAnswerAndCreateNothing() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            #expect(try await client.admin("PUT", "orgs/contoso/alternate_keys/socialactivities", #"{"columns":["postid"]}"#).status == 200)
            #expect(try await client.admin("PUT", "orgs/contoso/alternate_keys/socialactivities", #"{"columns":["nosuch"]}"#).status == 400)
            let clash = try await Self.create(client, token, "socialactivities", Self.id(0xac, 40), #"{"postid":"post-1"}"#)
            #expect(clash.status == 412)
            #expect(clash.errorCode == "0x80040237")
            #expect(Self.message(clash) == "A record with matching key values already exists.")
            let posted = try await client.api("POST", "contoso", "socialactivities", token: token, body: #"{"postid":"post-2"}"#)
            #expect(posted.status == 412)
            #expect(try await client.api("GET", "contoso", "socialactivities(\(Self.id(0xac, 40)))", token: token).status == 404)
            #expect(try await Self.create(client, token, "socialactivities", Self.id(0xac, 41), #"{"postid":"post-41"}"#).status == 204)
            #expect(try await client.admin("DELETE", "orgs/contoso/alternate_keys/socialactivities").status == 200)
            #expect(try await Self.create(client, token, "socialactivities", Self.id(0xac, 42), #"{"postid":"post-1"}"#).status == 204)

            let refusal = #"{"status":403,"code":"0x80040220","message":"Principal user is missing prvCreateLead privilege."}"#
            #expect(try await client.admin("PUT", "orgs/contoso/refuse_creates/leads", refusal).status == 200)
            let refused = try await Self.create(client, token, "leads", Self.id(0x1e, 30), #"{"lastname":"x"}"#)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "0x80040220")
            #expect(Self.message(refused) == "Principal user is missing prvCreateLead privilege.")
            #expect(try await client.api("GET", "contoso", "leads(\(Self.id(0x1e, 30)))", token: token).status == 404)
            #expect(try await client.admin("DELETE", "orgs/contoso/refuse_creates/leads").status == 200)
            #expect(try await Self.create(client, token, "leads", Self.id(0x1e, 30), #"{"lastname":"x"}"#).status == 204)
            #expect(try await client.counters("contoso")["creates"] as? [String: Int] == ["socialactivities": 2, "leads": 1])
        }
    }

    @Test func findsAProfileByCommunityAndHandle() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            for (index, handle, community) in [(UInt64(1), "o'neil", 2), (2, "o'neil", 1), (3, "ana", 2)] {
                let body = #"{"profilename":"p","uniqueprofileid":"\#(handle)","community":\#(community),"customerid_contact@odata.bind":"/contacts(\#(Self.contact))"}"#
                #expect(try await Self.create(client, token, "socialprofiles", Self.id(0x5f, index), body).status == 204)
            }
            let query = "socialprofiles?$select=socialprofileid,_customerid_value&$filter=community%20eq%202%20and%20uniqueprofileid%20eq%20'o''neil'"
            let found = try await Self.annotated(client, token, query)
            #expect(found.status == 200)
            let rows = try #require(found.json["value"] as? [[String: Any]])
            #expect(rows.map { $0["socialprofileid"] as? String } == [Self.id(0x5f, 1)])
            #expect(rows.first?["_customerid_value"] as? String == Self.contact)
            #expect(rows.first?["_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] as? String == "contact")
            let key = try await client.api("GET", "contoso", "socialprofiles(\(Self.id(0x5f, 3)))?$select=socialprofileid", token: token)
            #expect(key.status == 200)
        }
    }
}
