import Foundation
import Testing
@testable import D365Sim
import TestSupport

/// What whole-table verification asks of the simulator: `RetrieveTotalRecordCount`, the
/// regarding lookup's table annotation on a page of the whole table, per-organization
/// relationship cascades (in metadata and in deletions), and per-table read counters.
@Suite("d365-sim verification reads")
struct SimulatorVerificationReadsTests {
    private static func id(_ kind: UInt32, _ index: UInt64) -> String { SimulatorDataTests.id(kind, index) }

    /// PA `webapi/query/count-rows` and `webapi/reference/entityrecordcountcollection`.
    @Test func retrieveTotalRecordCountAnswersKeysAndValuesThroughAParameterAlias() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            let names = #"["socialactivity","incident"]"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let answer = try await client.api("GET", "contoso", "RetrieveTotalRecordCount(EntityNames=@p1)?@p1=\(names)", token: token)
            #expect(answer.status == 200)
            let collection = try #require(answer.json["EntityRecordCountCollection"] as? [String: Any])
            #expect(collection["Keys"] as? [String] == ["socialactivity", "incident"])
            #expect(collection["Values"] as? [Int] == [5, 3])
            #expect(collection["Count"] as? Int == 2)
            let inline = try await client.api("GET", "contoso", "RetrieveTotalRecordCount(EntityNames=['lead'])", token: token)
            #expect((inline.json["EntityRecordCountCollection"] as? [String: Any])?["Values"] as? [Int] == [1])
            let unknown = try await client.api("GET", "contoso", "RetrieveTotalRecordCount(EntityNames=['nosuchtable'])", token: token)
            #expect(unknown.status == 404)
        }
    }

    @Test func aWholeTablePageNamesTheRegardingTableWhenItsAnnotationIsAsked() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            let prefer = [("Prefer", #"odata.maxpagesize=3,odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname""#)]
            let first = try await client.api("GET", "contoso", "socialactivities?$select=activityid,_regardingobjectid_value", token: token, headers: prefer)
            let rows = try #require(first.json["value"] as? [[String: Any]])
            #expect(rows.count == 3)
            #expect(rows.first?["_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] as? String == "incident")
            #expect(rows.first?["_regardingobjectid_value@OData.Community.Display.V1.FormattedValue"] == nil, "only the annotation asked for")
            let next = try #require(first.json["@odata.nextLink"] as? String)
            let second = try await client.follow(next, token: token, headers: prefer)
            #expect((second.json["value"] as? [[String: Any]])?.count == 2)
            #expect(second.json["@odata.nextLink"] == nil)
        }
    }

    @Test func aCustomisedCascadeShowsInMetadataAndDecidesWhatADeletionDoes() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            let relationships = "EntityDefinitions(LogicalName='socialactivity')/ManyToOneRelationships?$select=SchemaName,CascadeConfiguration"
            func deleteCascade(_ schema: String) async throws -> String? {
                let rows = try await client.api("GET", "contoso", relationships, token: token).json["value"] as? [[String: Any]]
                return (rows?.first { $0["SchemaName"] as? String == schema }?["CascadeConfiguration"] as? [String: Any])?["Delete"] as? String
            }
            #expect(try await deleteCascade("Incident_SocialActivities") == "Cascade")
            #expect(try await client.admin("PUT", "orgs/contoso/cascade/socialactivity/Incident_SocialActivities", #"{"delete":"Restrict"}"#).status == 200)
            #expect(try await client.admin("PUT", "orgs/contoso/cascade/socialactivity/Lead_SocialActivities", #"{"delete":"RemoveLink"}"#).status == 200)
            #expect(try await deleteCascade("Incident_SocialActivities") == "Restrict")
            #expect(try await deleteCascade("Lead_SocialActivities") == "RemoveLink")
            #expect(try await client.admin("PUT", "orgs/contoso/cascade/socialactivity/Incident_SocialActivities", #"{"delete":"Sometimes"}"#).status == 400)
            #expect(try await client.admin("PUT", "orgs/contoso/cascade/socialactivity/Incident_SocialActivities", #"{"delete":"NoCascade"}"#).status == 400,
                    "Delete takes Cascade, RemoveLink or Restrict")
            #expect(try await client.admin("PUT", "orgs/contoso/cascade/socialactivity/No_Such_Relationship", #"{"delete":"Cascade"}"#).status == 404)

            #expect(try await client.admin("DELETE", "orgs/contoso/rows/incidents/\(Self.id(0x1c, 1))").status == 409, "Restrict refuses the delete")
            let web = try await client.api("DELETE", "contoso", "incidents(\(Self.id(0x1c, 1)))", token: token)
            #expect(web.status == 405 && web.errorCode == "0x80040227")
            #expect(try await client.admin("DELETE", "orgs/contoso/rows/leads/\(Self.id(0x1e, 4))").status == 200)
            let kept = try await client.api("GET", "contoso", "socialactivities(\(Self.id(0xac, 1)))?$select=_regardingobjectid_value", token: token)
            #expect(kept.json["_regardingobjectid_value"] as? String == Self.id(0x1c, 1), "the case and its activity stay")
            let unlinked = try await client.api("GET", "contoso", "socialactivities(\(Self.id(0xac, 4)))?$select=_regardingobjectid_value", token: token)
            #expect(unlinked.status == 200, "RemoveLink leaves the activity")
            #expect(unlinked.json["_regardingobjectid_value"] is NSNull, "with its regarding emptied")
        }
    }

    @Test func readsAreCountedPerTableMetadataApart() async throws {
        try await withSimulator { client, _ in
            try await SimulatorDataTests.seed(client)
            let token = try await client.token("contoso")
            _ = try await client.api("GET", "contoso", "incidents?$select=incidentid", token: token)
            _ = try await client.api("GET", "contoso", "socialactivities(\(Self.id(0xac, 1)))?$select=activityid", token: token)
            _ = try await client.api("GET", "contoso", "EntityDefinitions(LogicalName='incident')", token: token)
            let reads = try await client.counters("contoso")["reads"] as? [String: Int]
            #expect(reads == ["incidents": 1, "socialactivities": 1])
        }
    }
}
