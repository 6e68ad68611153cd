import Foundation
import Testing
@testable import D365Sim

@Suite("d365-sim reads and writes")
struct SimulatorDataTests {
    static func id(_ kind: UInt32, _ index: UInt64) -> String { GUID(kind: kind, index: index).description }

    /// Five activities: 1-3 regard incidents, 4 a lead, 5 nothing; incidents 1-3, lead 4 and
    /// contact 6 exist.
    static func seed(_ client: SimulatorClient) async throws {
        try await client.createOrganization("contoso")
        #expect(try await client.admin("POST", "orgs/contoso/rows/contacts", #"{"id":"\#(id(0xc0, 6))","lastname":"Customer 6"}"#).status == 201)
        let incidents = (UInt64(1)...3).map { #"{"id":"\#(id(0x1c, $0))","title":"Case \#($0)"}"# }.joined(separator: ",")
        #expect(try await client.admin("POST", "orgs/contoso/rows/incidents", #"{"rows":[\#(incidents)]}"#).status == 201)
        #expect(try await client.admin("POST", "orgs/contoso/rows/leads", #"{"id":"\#(id(0x1e, 4))","fullname":"Lead 4"}"#).status == 201)
        var activities = (UInt64(1)...3).map { #"{"id":"\#(id(0xac, $0))","postid":"post-\#($0)","regarding":{"entity":"incident","id":"\#(id(0x1c, $0))"}}"# }
        activities.append(#"{"id":"\#(id(0xac, 4))","postid":"post-4","regarding":{"entity":"lead","id":"\#(id(0x1e, 4))"}}"#)
        activities.append(#"{"id":"\#(id(0xac, 5))","postid":"post-5","regarding":null}"#)
        let inserted = try await client.admin("POST", "orgs/contoso/rows/socialactivities", #"{"rows":[\#(activities.joined(separator: ","))]}"#)
        #expect(inserted.json["inserted"] as? Int == 5)
    }

    private static func inFilter(_ indexes: [UInt64]) -> String {
        let values = indexes.map { "'\(id(0xac, $0))'" }.joined(separator: ",")
        return "socialactivities?$select=activityid,_regardingobjectid_value&$filter=Microsoft.Dynamics.CRM.In(PropertyName='activityid',PropertyValues=[\(values)])"
    }

    @Test func batchReadPagesAcrossABoundaryWithAnnotationsOnlyWhenPreferred() async throws {
        try await withSimulator { client, server in
            try await Self.seed(client)
            let token = try await client.token("contoso")
            let prefer = [("Prefer", "odata.maxpagesize=2"), ("Prefer", "odata.include-annotations=\"*\"")]
            let first = try await client.api("GET", "contoso", Self.inFilter([5, 1, 9, 2, 4]), token: token, headers: prefer)
            #expect(first.status == 200)
            #expect(first.header("Preference-Applied")?.contains("odata.maxpagesize=2") == true)
            #expect(first.json["@odata.context"] as? String == server.baseURL + "/contoso/api/data/v9.2/$metadata#socialactivities(activityid,_regardingobjectid_value)")
            var rows = try #require(first.json["value"] as? [[String: Any]])
            #expect(rows.count == 2)
            let link = try #require(first.json["@odata.nextLink"] as? String)
            #expect(link.hasPrefix(server.baseURL + "/contoso/api/data/v9.2/socialactivities?"))
            #expect(link.contains("$skiptoken="))
            let second = try await client.follow(link, token: token, headers: prefer)
            rows += try #require(second.json["value"] as? [[String: Any]])
            #expect(second.json["@odata.nextLink"] == nil)
            #expect(rows.compactMap { $0["activityid"] as? String } == [1, 2, 4, 5].map { Self.id(0xac, $0) })
            #expect(rows.allSatisfy { ($0["@odata.etag"] as? String)?.hasPrefix("W/\"") == true })
            let annotation = "_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname"
            #expect(rows[0]["_regardingobjectid_value"] as? String == Self.id(0x1c, 1))
            #expect(rows[0][annotation] as? String == "incident")
            #expect(rows[2][annotation] as? String == "lead")
            #expect(rows[3]["_regardingobjectid_value"] is NSNull)
            #expect(rows[3][annotation] == nil)

            let plain = try await client.api("GET", "contoso", Self.inFilter([1]), token: token)
            let plainRow = try #require((plain.json["value"] as? [[String: Any]])?.first)
            #expect(plainRow["_regardingobjectid_value"] as? String == Self.id(0x1c, 1))
            #expect(plainRow[annotation] == nil)
            let named = try await client.api(
                "GET", "contoso", Self.inFilter([1]), token: token,
                headers: [("Prefer", "return=minimal,odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\"")])
            #expect((named.json["value"] as? [[String: Any]])?.first?[annotation] as? String == "incident")
        }
    }

    @Test func acceptsOrChainsAliasesAndRefusesWhatItDoesNotSupport() async throws {
        try await withSimulator { client, _ in
            try await Self.seed(client)
            let token = try await client.token("contoso")
            let orChain = "incidents?$select=title&$filter=incidentid%20eq%20\(Self.id(0x1c, 3))%20or%20incidentid%20eq%20\(Self.id(0x1c, 1))"
            let titles = (try await client.api("GET", "contoso", orChain, token: token).json["value"] as? [[String: Any]])?.compactMap { $0["title"] as? String }
            #expect(titles == ["Case 1", "Case 3"])
            let aliased = "incidents?$filter=Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)&@p1='incidentid'&@p2=['\(Self.id(0x1c, 2))']"
            #expect((try await client.api("GET", "contoso", aliased, token: token).json["value"] as? [Any])?.count == 1)
            let byColumn = "socialactivities?$filter=postid%20eq%20'post-4'"
            let found = try await client.api("GET", "contoso", byColumn, token: token).json["value"] as? [[String: Any]]
            #expect(found?.first?["activityid"] as? String == Self.id(0xac, 4))

            for unsupported in [
                "incidents?$orderby=title", "incidents?$filter=title%20ne%20'x'", "incidents?$filter=contains(title,'x')",
                "incidents?$select=nosuchcolumn%20x", "socialactivities?$select=notacolumn",
                "incidents?$filter=incidentid%20eq%20'not-a-guid'",
            ] {
                let response = try await client.api("GET", "contoso", unsupported, token: token)
                #expect(response.status == 400, "\(unsupported)")
                #expect(response.errorCode == "0x80060888", "\(unsupported)")
            }
        }
    }

    @Test func refusesURLsLongerThanDataverseAccepts() async throws {
        try await withSimulator { client, _ in
            try await Self.seed(client)
            let token = try await client.token("contoso")
            let response = try await client.api("GET", "contoso", Self.inFilter((1...900).map { UInt64($0) }), token: token)
            #expect(response.status == 414)
            #expect(response.json["error"] != nil)
        }
    }

    @Test func answers404ForAMissingRow() async throws {
        try await withSimulator { client, _ in
            try await Self.seed(client)
            let token = try await client.token("contoso")
            let missing = Self.id(0x1c, 99)
            let response = try await client.api("GET", "contoso", "incidents(\(missing))", token: token)
            #expect(response.status == 404)
            #expect(response.errorCode == "0x80040217")
            let message = (response.json["error"] as? [String: Any])?["message"] as? String
            #expect(message == "incident With Id = \(missing) Does Not Exist")
            let present = try await client.api("GET", "contoso", "incidents(\(Self.id(0x1c, 2)))?$select=title", token: token)
            #expect(present.json["title"] as? String == "Case 2")
            #expect(present.json["incidentid"] as? String == Self.id(0x1c, 2))
        }
    }

    @Test func idempotentCreateAnswers412TheSecondTimeAndBindsRegarding() async throws {
        try await withSimulator { client, server in
            try await Self.seed(client)
            let token = try await client.token("contoso")
            let activity = Self.id(0xac, 50)
            let profile = Self.id(0x5f, 1)
            let profileBody = #"{"profilename":"ana","profilefullname":"Ana","profilelink":"https://x.example/ana","uniqueprofileid":"ana","community":2}"#
            let profileCreated = try await client.api(
                "PATCH", "contoso", "socialprofiles(\(profile))", token: token, headers: [("If-None-Match", "*")], body: profileBody)
            #expect(profileCreated.status == 204)
            let body = #"""
                {"subject":"s","description":"d","posturl":"https://x.example/1","postid":"post-50","postedon":"2024-01-01T00:00:00Z","postmessagetype":0,"community":2,"sentimentvalue":1.0,"directioncode":false,"activityadditionalparams":"{\"a\":1}","regardingobjectid_incident_socialactivity@odata.bind":"/incidents(\#(Self.id(0x1c, 2)))","postfromprofileid@odata.bind":"/socialprofiles(\#(profile))"}
                """#
            let created = try await client.api(
                "PATCH", "contoso", "socialactivities(\(activity))", token: token, headers: [("If-None-Match", "*")], body: body)
            #expect(created.status == 204)
            #expect(created.header("OData-EntityId") == server.baseURL + "/contoso/api/data/v9.2/socialactivities(\(activity))")
            let again = try await client.api(
                "PATCH", "contoso", "socialactivities(\(activity))", token: token, headers: [("If-None-Match", "*")], body: body)
            #expect(again.status == 412)
            #expect(again.errorCode == "0x80040237")
            #expect((again.json["error"] as? [String: Any])?["message"] as? String == "A record with matching key values already exists.")

            let read = try await client.api(
                "GET", "contoso", "socialactivities(\(activity))?$select=postid,_regardingobjectid_value,_postfromprofileid_value",
                token: token, headers: [("Prefer", "odata.include-annotations=\"*\"")])
            #expect(read.json["_regardingobjectid_value"] as? String == Self.id(0x1c, 2))
            #expect(read.json["_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] as? String == "incident")
            #expect(read.json["_postfromprofileid_value"] as? String == profile)
            #expect(read.json["postid"] as? String == "post-50")

            let counters = try await client.counters("contoso")
            #expect((counters["creates"] as? [String: Int]) == ["socialactivities": 1, "socialprofiles": 1])
            #expect(counters["duplicate_create_attempts"] as? Int == 1)
            #expect((counters["by_method"] as? [String: Int])?["PATCH"] == 3)
        }
    }

    @Test func upsertsReturnsRepresentationAndRefusesBadBinds() async throws {
        try await withSimulator { client, _ in
            try await Self.seed(client)
            let token = try await client.token("contoso")
            let incident = Self.id(0x1c, 70)
            let created = try await client.api(
                "PATCH", "contoso", "incidents(\(incident))?$select=title", token: token,
                headers: [("Prefer", "return=representation")],
                body: #"{"title":"New case","prioritycode":2,"customerid_contact@odata.bind":"/contacts(\#(Self.id(0xc0, 6)))"}"#)
            #expect(created.status == 201)
            #expect(created.json["title"] as? String == "New case")
            let updated = try await client.api("PATCH", "contoso", "incidents(\(incident))", token: token, body: #"{"title":"Renamed"}"#)
            #expect(updated.status == 204)
            let read = try await client.api("GET", "contoso", "incidents(\(incident))", token: token)
            #expect(read.json["title"] as? String == "Renamed")
            #expect(read.json["prioritycode"] as? Int == 2)

            let missingTarget = Self.id(0x1c, 404)
            let badBind = try await client.api(
                "PATCH", "contoso", "socialactivities(\(Self.id(0xac, 80)))", token: token, headers: [("If-None-Match", "*")],
                body: #"{"subject":"x","regardingobjectid_incident_socialactivity@odata.bind":"/incidents(\#(missingTarget))"}"#)
            #expect(badBind.status == 404)
            #expect(badBind.errorCode == "0x80040217")
            let unknownColumn = try await client.api(
                "PATCH", "contoso", "socialactivities(\(Self.id(0xac, 81)))", token: token, body: #"{"nosuch":1}"#)
            #expect(unknownColumn.status == 400)
            let onlyUpdate = try await client.api(
                "PATCH", "contoso", "incidents(\(Self.id(0x1c, 71)))", token: token, headers: [("If-Match", "*")], body: #"{"title":"x"}"#)
            #expect(onlyUpdate.status == 404)
            #expect(try await client.counters("contoso")["creates"] as? [String: Int] == ["incidents": 1])
        }
    }

    @Test func adminDeletesDissociatesAndReassociates() async throws {
        try await withSimulator { client, _ in
            try await Self.seed(client)
            let token = try await client.token("contoso")
            let activity = Self.id(0xac, 1)
            let regarding = { () async throws -> Any? in
                try await client.api("GET", "contoso", "socialactivities(\(activity))?$select=_regardingobjectid_value", token: token)
                    .json["_regardingobjectid_value"]
            }
            #expect(try await client.admin("POST", "orgs/contoso/rows/socialactivities/\(activity)/dissociate").status == 200)
            #expect(try await regarding() is NSNull)
            let lead = Self.id(0x1e, 4)
            let set = try await client.admin("POST", "orgs/contoso/rows/socialactivities/\(activity)/regarding", #"{"entity":"lead","id":"\#(lead)"}"#)
            #expect(set.status == 200)
            #expect(try await regarding() as? String == lead)
            #expect(try await client.admin("DELETE", "orgs/contoso/rows/incidents/\(Self.id(0x1c, 1))").status == 200)
            #expect(try await client.admin("DELETE", "orgs/contoso/rows/incidents/\(Self.id(0x1c, 1))").status == 404)
            #expect(try await client.api("GET", "contoso", "incidents(\(Self.id(0x1c, 1)))", token: token).status == 404)
            let list = try await client.admin("GET", "orgs")
            #expect(list.text.contains(#""name":"contoso""#))
            #expect(try await client.admin("POST", "orgs", #"{"name":"contoso"}"#).status == 409)
            #expect(try await client.admin("POST", "orgs/contoso/rows/spaceships", #"{"id":"\#(activity)"}"#).status == 404)
        }
    }
}
