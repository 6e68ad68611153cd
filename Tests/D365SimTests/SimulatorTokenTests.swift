import Foundation
import Testing
@testable import D365Sim

@Suite("d365-sim tokens and health endpoints")
struct SimulatorTokenTests {
    @Test func issuesTokensAndRejectsRequestsWithoutOne() async throws {
        try await withSimulator { client, server in
            let created = try await client.createOrganization("contoso")
            #expect(created.status == 201)
            #expect(created.json["instance_url"] as? String == server.baseURL + "/contoso")
            #expect(created.json["token_url"] as? String == server.baseURL + "/tenant-contoso/oauth2/v2.0/token")

            let granted = try await client.tokenResponse("contoso")
            #expect(granted.status == 200)
            #expect(granted.json["token_type"] as? String == "Bearer")
            #expect(granted.json["expires_in"] as? Int == 3599)
            let token = try #require(granted.json["access_token"] as? String)

            let anonymous = try await client.api("GET", "contoso", "WhoAmI", token: nil)
            #expect(anonymous.status == 401)
            #expect(anonymous.body.isEmpty)
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer error=\"invalid_token\"") == true)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: "forged").status == 401)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 200)
        }
    }

    @Test func refusesWrongSecretsUnknownScopesAndOtherOrganizationsTokens() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("alpha")
            try await client.createOrganization("beta")
            let wrongSecret = try await client.tokenResponse("alpha", secret: "nope")
            #expect(wrongSecret.status == 400)
            #expect(wrongSecret.json["error"] as? String == "invalid_client")
            #expect((wrongSecret.json["error_description"] as? String)?.hasPrefix("AADSTS7000215: Invalid client secret provided.") == true)
            #expect(wrongSecret.json["error_codes"] as? [Int] == [7_000_215])
            #expect(!wrongSecret.text.contains("nope"))

            let unknownScope = try await client.tokenResponse("alpha", scope: "\(client.baseURL)/gamma/.default")
            #expect(unknownScope.status == 400)
            #expect(unknownScope.json["error"] as? String == "invalid_scope")
            #expect((unknownScope.json["error_description"] as? String)?.hasPrefix("AADSTS70011") == true)

            let alphaToken = try await client.token("alpha")
            #expect(try await client.api("GET", "beta", "WhoAmI", token: alphaToken).status == 401)
            #expect(try await client.counters("alpha")["token_requests"] as? Int == 2, "the unknown scope names no organization to count against")
        }
    }

    /// The simulator's clock is moved past the lifetime instead of waiting it out, so a
    /// loaded machine can neither expire the token early nor make the test wait.
    @Test func tokensExpireAfterTheirLifetime() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("brief", extra: #","token_lifetime_seconds":60"#)
            let granted = try await client.tokenResponse("brief")
            #expect(granted.json["expires_in"] as? Int == 60)
            let token = try #require(granted.json["access_token"] as? String)
            #expect(try await client.api("GET", "brief", "WhoAmI", token: token).status == 200)
            #expect(try await client.admin("POST", "clock/advance", #"{"seconds":30}"#).status == 200)
            #expect(try await client.api("GET", "brief", "WhoAmI", token: token).status == 200, "still within its lifetime")
            #expect(try await client.admin("POST", "clock/advance", #"{"seconds":31}"#).status == 200)
            #expect(try await client.api("GET", "brief", "WhoAmI", token: token).status == 401)
            #expect(try await client.admin("POST", "clock/advance", #"{"seconds":0}"#).status == 400, "the clock only moves ahead")
        }
    }

    @Test func answersWhoAmIVersionOrganizationsAndMetadata() async throws {
        try await withSimulator { client, server in
            try await client.createOrganization("contoso", extra: #","organization_id":"11111111-2222-4333-8444-555555555555","language":1036"#)
            let token = try await client.token("contoso")
            let base = server.baseURL + "/contoso/api/data/v9.2/"

            let whoAmI = try await client.api("GET", "contoso", "WhoAmI", token: token)
            #expect(whoAmI.json["@odata.context"] as? String == base + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse")
            #expect(whoAmI.json["OrganizationId"] as? String == "11111111-2222-4333-8444-555555555555")
            #expect((whoAmI.json["UserId"] as? String).flatMap { GUID($0) } != nil)
            #expect((whoAmI.json["BusinessUnitId"] as? String).flatMap { GUID($0) } != nil)

            let version = try await client.api("GET", "contoso", "RetrieveVersion", token: token)
            #expect(version.json["Version"] as? String == "9.2.24101.00000")

            let organizations = try await client.api("GET", "contoso", "organizations?$select=languagecode,name", token: token)
            let row = try #require((organizations.json["value"] as? [[String: Any]])?.first)
            #expect(row["languagecode"] as? Int == 1036)
            #expect(row["name"] as? String == "contoso")
            #expect(row["@odata.etag"] as? String == "W/\"1\"")
            #expect(organizations.json["@odata.context"] as? String == base + "$metadata#organizations(languagecode,name)")

            let select = "$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName,ChangeTrackingEnabled"
            let lead = try await client.api("GET", "contoso", "EntityDefinitions(LogicalName='lead')?\(select)", token: token)
            #expect(lead.status == 200)
            #expect(lead.json["EntitySetName"] as? String == "leads")
            #expect(lead.json["PrimaryIdAttribute"] as? String == "leadid")
            #expect(lead.json["PrimaryNameAttribute"] as? String == "fullname")
            #expect(lead.json["ChangeTrackingEnabled"] as? Bool == true)
            let label = (lead.json["DisplayName"] as? [String: Any])?["UserLocalizedLabel"] as? [String: Any]
            #expect(label?["Label"] as? String == "Lead")
            #expect((lead.json["@odata.context"] as? String)?.hasSuffix("/$entity") == true)
            let incident = try await client.api("GET", "contoso", "EntityDefinitions(LogicalName='incident')?\(select)", token: token)
            #expect(((incident.json["DisplayName"] as? [String: Any])?["UserLocalizedLabel"] as? [String: Any])?["Label"] as? String == "Case")

            let unknown = try await client.api("GET", "contoso", "EntityDefinitions(LogicalName='spaceship')", token: token)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "0x80060888")
        }
    }
}
