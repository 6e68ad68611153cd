import Foundation
import Testing
@testable import D365Sim

/// What d365-sim answers where Microsoft documents behaviour a permissive simulator would
/// hide (docs/dataverse.md review S6-S9): `$batch`, rows the application user may not read, the
/// forms of a delta answer without changes, expired delta tokens, and the host of links.
@Suite("d365-sim read fidelity")
struct SimulatorReadFidelityTests {
    private static func incident(_ index: UInt64) -> String { GUID(kind: 0x1c, index: index).description }

    private static func seed(_ client: SimulatorClient) async throws -> String {
        try await client.createOrganization("contoso")
        let rows = (UInt64(1)...3).map { #"{"id":"\#(incident($0))","title":"Case \#($0)"}"# }.joined(separator: ",")
        #expect(try await client.admin("POST", "orgs/contoso/rows/incidents", #"{"rows":[\#(rows)]}"#).status == 201)
        return try await client.token("contoso")
    }

    /// A `$batch` of GETs of these incidents, the first with an absolute URL, the rest from `/api/data/v9.2/`.
    private static func batch(_ client: SimulatorClient, _ indexes: [UInt64], token: String, continueOnError: Bool) async throws
        -> (status: Int, parts: [(status: Int, text: String)])
    {
        var body = ""
        for (position, index) in indexes.enumerated() {
            let base = position == 0 ? client.baseURL + "/contoso/api/data/v9.2/" : "/api/data/v9.2/"
            body += "--batch_x\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            body += "GET \(base)incidents(\(incident(index)))?$select=incidentid HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n"
        }
        body += "--batch_x--\r\n"
        var headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "multipart/mixed; boundary=\"batch_x\""), ("OData-Version", "4.0")]
        if continueOnError { headers.append(("Prefer", "odata.continue-on-error")) }
        let response = try await client.request("POST", "/contoso/api/data/v9.2/$batch", headers: headers, body: body)
        let boundary = try #require(MultipartMixed.boundary(ofContentType: response.header("Content-Type")))
        #expect(boundary.hasPrefix("batchresponse_"))
        let parts = try #require(MultipartMixed.parts(response.body, boundary: boundary))
        return (response.status, parts.map { part in
            let text = String(decoding: part.content, as: UTF8.self)
            let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
            return (status, text)
        })
    }

    @Test func aBatchAnswersEveryPartWithItsOwnStatusInOrder() async throws {
        try await withSimulator { client, _ in
            let token = try await Self.seed(client)
            #expect(try await client.admin("PUT", "orgs/contoso/hidden/incidents/\(Self.incident(3))").status == 200)
            let all = try await Self.batch(client, [1, 9, 3, 2], token: token, continueOnError: true)
            #expect(all.status == 200)
            #expect(all.parts.map(\.status) == [200, 404, 403, 200])
            #expect(all.parts[0].text.contains(#""incidentid":"\#(Self.incident(1))""#))
            #expect(all.parts[1].text.contains("0x80040217") && all.parts[1].text.contains("Does Not Exist"))
            #expect(all.parts[2].text.contains("0x80040220") && all.parts[2].text.contains("is missing prvReadincident privilege"))
            // Without odata.continue-on-error the first failure ends the batch and gives it its status.
            let stopped = try await Self.batch(client, [1, 9, 2], token: token, continueOnError: false)
            #expect(stopped.status == 404)
            #expect(stopped.parts.map(\.status) == [200, 404])
            #expect(try await client.counters("contoso")["batched_requests"] as? Int == 6)
        }
    }

    @Test func aHiddenRowIsLeftOutOfCollectionsRefusedDirectlyAndStopsChangeTracking() async throws {
        try await withSimulator { client, _ in
            let token = try await Self.seed(client)
            #expect(try await client.admin("PUT", "orgs/contoso/hidden/incidents/\(Self.incident(2))").status == 200)
            let filter = "incidents?$select=incidentid&$filter=Microsoft.Dynamics.CRM.In(PropertyName='incidentid',PropertyValues=['\(Self.incident(1))','\(Self.incident(2))'])"
            let read = try await client.api("GET", "contoso", filter, token: token)
            #expect((read.json["value"] as? [[String: Any]])?.compactMap { $0["incidentid"] as? String } == [Self.incident(1)])
            let direct = try await client.api("GET", "contoso", "incidents(\(Self.incident(2)))?$select=incidentid", token: token)
            #expect(direct.status == 403)
            #expect(direct.errorCode == "0x80040220")
            let tracked = try await client.api("GET", "contoso", "incidents?$select=incidentid", token: token, headers: [("Prefer", "odata.track-changes")])
            #expect(tracked.status == 403)
            #expect(try await client.admin("DELETE", "orgs/contoso/hidden/incidents/\(Self.incident(2))").status == 200)
            #expect(try await client.api("GET", "contoso", "incidents(\(Self.incident(2)))?$select=incidentid", token: token).status == 200)
            #expect(try await client.api("GET", "contoso", "incidents?$select=incidentid", token: token, headers: [("Prefer", "odata.track-changes")]).status == 200)
        }
    }

    @Test(arguments: DeltaAnswers.NoChanges.allCases)
    func aDeltaCallWithoutChangesAnswersInTheChosenForm(form: DeltaAnswers.NoChanges) async throws {
        try await withSimulator { client, _ in
            let token = try await Self.seed(client)
            #expect(try await client.admin("PUT", "orgs/contoso/delta_answers", #"{"no_changes":"\#(form.rawValue)"}"#).status == 200)
            let start = try await client.api("GET", "contoso", "incidents?$select=incidentid", token: token, headers: [("Prefer", "odata.track-changes")])
            let link = try #require(start.json["@odata.deltaLink"] as? String)
            // Shaped like Microsoft's example token `919042%2108%2f22%2f2017%2008%3a10%3a44`.
            let deltaToken = try #require(link.components(separatedBy: "$deltatoken=").last)
            let shape = #"^[0-9]+%21[0-9]{2}%2f[0-9]{2}%2f[0-9]{4}%20[0-9]{2}%3a[0-9]{2}%3a[0-9]{2}$"#
            #expect(deltaToken.range(of: shape, options: String.CompareOptions.regularExpression) != nil, "\(deltaToken)")
            let quiet = try await client.follow(link, token: token, headers: [("Prefer", "odata.track-changes")])
            #expect(quiet.status == 200)
            switch form {
            case .emptyValue:
                #expect((quiet.json["value"] as? [Any])?.isEmpty == true && quiet.json["@odata.deltaLink"] is String)
            case .emptyObject: #expect(quiet.text == "{}")
            case .emptyBody: #expect(quiet.body.isEmpty)
            }
        }
    }

    @Test(arguments: [400, 500])
    func anExpiredTokenAnswersExpiredVersionStamp(status: Int) async throws {
        try await withSimulator { client, _ in
            let token = try await Self.seed(client)
            #expect(try await client.admin("PUT", "orgs/contoso/delta_answers", #"{"expired_status":\#(status)}"#).status == 200)
            let start = try await client.api("GET", "contoso", "incidents?$select=incidentid", token: token, headers: [("Prefer", "odata.track-changes")])
            let link = try #require(start.json["@odata.deltaLink"] as? String)
            #expect(try await client.admin("POST", "orgs/contoso/expire_delta_tokens").status == 200)
            let expired = try await client.follow(link, token: token, headers: [("Prefer", "odata.track-changes")])
            #expect(expired.status == status)
            #expect(expired.errorCode == "0x80044352")
            #expect((expired.json["error"] as? [String: Any])?["message"] as? String == "Version stamp associated with the client has expired. Please perform a full sync.")
            // A full read started now hands out a token that works.
            let restarted = try await client.api("GET", "contoso", "incidents?$select=incidentid", token: token, headers: [("Prefer", "odata.track-changes")])
            let fresh = try #require(restarted.json["@odata.deltaLink"] as? String)
            #expect(try await client.follow(fresh, token: token, headers: [("Prefer", "odata.track-changes")]).status == 200)
        }
    }

    @Test func linksCarryTheOrganizationsHostInLowerCase() async throws {
        try await withSimulator { client, server in
            let token = try await Self.seed(client)
            let read = try await client.request(
                "GET", "/contoso/api/data/v9.2/incidents?$select=incidentid",
                headers: [("Authorization", "Bearer \(token)"), ("Prefer", "odata.track-changes")], host: "LocalHost")
            let link = try #require(read.json["@odata.deltaLink"] as? String)
            #expect(link.hasPrefix("http://localhost:\(server.port)/contoso/api/data/v9.2/incidents?"), "\(link)")
            #expect((read.json["@odata.context"] as? String)?.hasPrefix("http://localhost:\(server.port)/") == true)
        }
    }
}
