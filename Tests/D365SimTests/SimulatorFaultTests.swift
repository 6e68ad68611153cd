import Foundation
import Testing
@testable import D365Sim
import TestSupport

@Suite("d365-sim faults")
struct SimulatorFaultTests {
    private static func setFault(_ client: SimulatorClient, _ organization: String, _ json: String) async throws {
        let response = try await client.admin("PUT", "orgs/\(organization)/fault", json)
        #expect(response.status == 200, "\(response.text)")
    }

    @Test(arguments: [
        ("http500", 500, "0x80040216"), ("http502", 502, ""), ("http504", 504, ""), ("maintenance", 403, ""),
        ("disabled", 403, "0x8004a104"), ("expired", 403, "0x8004a104"), ("throttle", 429, "0x80072322"),
        ("app_blocked", 403, "0x80095ffc"),
    ])
    func jsonErrorFaultsAnswerTheirStatusAndCode(kind: String, status: Int, code: String) async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("contoso")
            let token = try await client.token("contoso")
            try await Self.setFault(client, "contoso", #"{"kind":"\#(kind)"}"#)
            let response = try await client.api("GET", "contoso", "WhoAmI", token: token)
            #expect(response.status == status)
            #expect(response.errorCode == code)
            let message = (response.json["error"] as? [String: Any])?["message"] as? String ?? ""
            switch kind {
            case "maintenance": #expect(message == "User does not have required privileges (or role membership) to access the org when it is in Admin Only mode.")
            case "disabled", "expired": #expect(message.hasPrefix("The Dynamics 365 organization you are attempting to access is currently disabled."))
            case "throttle":
                #expect(response.header("Retry-After") == "5")
                #expect(message == "Number of requests exceeded the limit of 6000 over time window of 300 seconds.")
            default: #expect(!message.isEmpty)
            }
            #expect(try await client.admin("DELETE", "orgs/contoso/fault").status == 200)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 200)
        }
    }

    @Test func bodyFaultsAnswer200WithUnusableBodies() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("contoso")
            let token = try await client.token("contoso")
            try await Self.setFault(client, "contoso", #"{"kind":"down"}"#)
            let down = try await client.api("GET", "contoso", "WhoAmI", token: token)
            #expect(down.status == 503)
            #expect(down.header("Content-Type") == "text/html")
            #expect(down.text.hasPrefix("<!DOCTYPE html>"))

            try await Self.setFault(client, "contoso", #"{"kind":"malformed"}"#)
            let malformed = try await client.api("GET", "contoso", "WhoAmI", token: token)
            #expect(malformed.status == 200)
            #expect(malformed.text == "{\"value\":[{")
            #expect((try? JSONSerialization.jsonObject(with: Data(malformed.body))) == nil)

            try await Self.setFault(client, "contoso", #"{"kind":"wrong_shape"}"#)
            let wrong = try await client.api("GET", "contoso", "WhoAmI", token: token)
            #expect(wrong.status == 200)
            #expect(wrong.json["unexpected"] as? Bool == true)

            try await Self.setFault(client, "contoso", #"{"kind":"huge","size_bytes":3000000}"#)
            let huge = try await client.api("GET", "contoso", "WhoAmI", token: token)
            #expect(huge.status == 200)
            #expect(huge.body.count == 3_000_000)
            #expect((try? JSONSerialization.jsonObject(with: Data(huge.body))) != nil)

            let unknown = try await client.admin("PUT", "orgs/contoso/fault", #"{"kind":"meteor"}"#)
            #expect(unknown.status == 400)
        }
    }

    @Test func transportFaultsBreakTheConnection() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("contoso")
            let token = try await client.token("contoso")
            let headers = [("Authorization", "Bearer \(token)")]
            try await Self.setFault(client, "contoso", #"{"kind":"refuse"}"#)
            #expect(try await client.rawExchange("GET", "/contoso/api/data/v9.2/WhoAmI", headers: headers).isEmpty)

            try await Self.setFault(client, "contoso", #"{"kind":"reset"}"#)
            let reset = String(decoding: try await client.rawExchange("GET", "/contoso/api/data/v9.2/WhoAmI", headers: headers), as: UTF8.self)
            #expect(reset.hasPrefix("HTTP/1.1 200"))
            #expect(!reset.contains("\r\n\r\n"), "only part of the header arrives")

            try await Self.setFault(client, "contoso", #"{"kind":"truncated"}"#)
            let truncated = String(decoding: try await client.rawExchange("GET", "/contoso/api/data/v9.2/WhoAmI", headers: headers), as: UTF8.self)
            let parts = truncated.components(separatedBy: "\r\n\r\n")
            #expect(parts.count == 2)
            let declared = parts[0].components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Length: ") }
                .flatMap { Int($0.dropFirst("Content-Length: ".count)) } ?? 0
            #expect(truncated.hasPrefix("HTTP/1.1 200"))
            #expect(declared > parts[1].utf8.count)
        }
    }

    @Test func throttleCountsRequestsThatDidNotWaitForRetryAfter() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("contoso")
            let token = try await client.token("contoso")
            // Ten minutes: the second request arrives within the window however loaded the
            // machine, and the simulator's clock, not the test, waits it out (well within the
            // token's hour).
            try await Self.setFault(client, "contoso", #"{"kind":"throttle","retry_after":600,"count":2}"#)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 429)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 429)
            #expect(try await client.counters("contoso")["requests_during_retry_after"] as? Int == 1)
            #expect(try await client.admin("POST", "clock/advance", #"{"seconds":300}"#).status == 200)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 200)
            #expect(try await client.counters("contoso")["requests_during_retry_after"] as? Int == 2, "still inside the window")
            #expect(try await client.admin("POST", "clock/advance", #"{"seconds":300}"#).status == 200)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 200)
            let counters = try await client.counters("contoso")
            #expect(counters["requests_during_retry_after"] as? Int == 2, "the window ended on the simulator's clock")
            #expect(counters["requests"] as? Int == 4)
            #expect(try await client.admin("POST", "counters/reset").status == 200)
            #expect(try await client.counters("contoso")["requests"] as? Int == 0)
        }
    }

    @Test func revokeRefusesNewTokensAndRejectsExistingOnes() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("contoso")
            let token = try await client.token("contoso")
            try await Self.setFault(client, "contoso", #"{"kind":"revoke"}"#)
            let refused = try await client.tokenResponse("contoso")
            #expect(refused.status == 400)
            #expect(refused.json["error"] as? String == "invalid_client")
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 401)
            _ = try await client.admin("DELETE", "orgs/contoso/fault")
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: token).status == 401)
            #expect(try await client.api("GET", "contoso", "WhoAmI", token: try await client.token("contoso")).status == 200)
        }
    }

    @Test func dropNextResponseAppliesTheWriteButSendsNothing() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("contoso")
            let token = try await client.token("contoso")
            #expect(try await client.admin("POST", "orgs/contoso/drop_next_response").status == 200)
            let id = GUID(kind: 0x1e, index: 1).description
            let body = #"{"lastname":"once"}"#
            let port = client.port
            let raw = "PATCH /contoso/api/data/v9.2/leads(\(id)) HTTP/1.1\r\nAuthorization: Bearer \(token)\r\nIf-None-Match: *\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            let received = try await DedicatedThread.run {
                let connection = try TestConnection(port: port)
                try connection.send(raw)
                return try connection.readUntilClosed()
            }
            #expect(received.isEmpty)
            let retry = try await client.api("PATCH", "contoso", "leads(\(id))", token: token, headers: [("If-None-Match", "*")], body: body)
            #expect(retry.status == 412)
            #expect(try await client.api("GET", "contoso", "leads(\(id))", token: token).json["lastname"] as? String == "once")
            #expect(try await client.counters("contoso")["creates"] as? [String: Int] == ["leads": 1])
        }
    }

    @Test func slowOrganizationDoesNotHoldUpAnother() async throws {
        try await withSimulator { client, _ in
            try await client.createOrganization("slow")
            try await client.createOrganization("quick")
            let slowToken = try await client.token("slow")
            let quickToken = try await client.token("quick")
            try await Self.setFault(client, "slow", #"{"kind":"slow","delay_ms":600}"#)
            let port = client.port
            let slowRequest = "GET /slow/api/data/v9.2/WhoAmI HTTP/1.1\r\nAuthorization: Bearer \(slowToken)\r\n\r\n"
            let quickRequest = "GET /quick/api/data/v9.2/WhoAmI HTTP/1.1\r\nAuthorization: Bearer \(quickToken)\r\n\r\n"
            let (quickFirst, slowStatuses) = try await DedicatedThread.run {
                let slowA = try TestConnection(port: port)
                let slowB = try TestConnection(port: port)
                try slowA.send(slowRequest)
                try slowB.send(slowRequest)
                let quick = try TestConnection(port: port)
                try quick.send(quickRequest)
                let quickStatus = try quick.readResponse().status
                var pending: Int = 0
                _ = ioctl(slowA.descriptor, UInt(FIONREAD), &pending)
                return (quickStatus == 200 && pending == 0, [try slowA.readResponse().status, try slowB.readResponse().status])
            }
            #expect(quickFirst, "the quick organization answered while the slow one was still waiting")
            #expect(slowStatuses == [200, 200])
            #expect(try await client.counters("slow")["max_concurrent"] as? Int == 2)
            #expect(try await client.counters("quick")["max_concurrent"] as? Int == 1)
        }
    }
}
