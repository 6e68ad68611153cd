import Foundation
import Testing
@testable import D365Sim
import TestSupport

@Suite("d365-sim generated data and command line")
struct GeneratedDataTests {
    @Test func idsAreDeterministicAndSpreadRoundRobin() throws {
        let data = try GeneratedData(activities: 30, instances: 3)
        let tenth = data.link(10)
        #expect(tenth.postID == "post-10")
        #expect(tenth.instance == "org1")
        #expect(tenth.activityID.description == "ac000000-0000-4000-8000-00000000000a")
        #expect(tenth.record == LookupValue(entity: "lead", id: GUID("1e000000-0000-4000-8000-00000000000a")!))
        #expect(data.link(11).record.entity == "incident")
        #expect(data.link(11).instance == "org2")
        #expect(try GeneratedData(activities: 30, instances: 3).link(10) == tenth)
        #expect(throws: SimulatorError.self) { try GeneratedData(activities: 1, instances: 0) }
    }

    @Test func aGeneratedOrganizationAnswersA5000IdBatch() async throws {
        let simulator = Simulator()
        let data = try GeneratedData(activities: 200_000, instances: 1)
        try simulator.generate(data)
        let server = try SimulatorServer.start(simulator: simulator)
        defer { server.stop() }
        let client = SimulatorClient(server)
        let token = try await client.token(org: "org1", tenant: "tenant", clientID: "client-org1", secret: "secret-org1")
        let wanted = (0..<5000).map { 7 + $0 * 37 }
        var returned: [String: String] = [:]
        // 5000 ids do not fit one Dataverse URL (32,768 characters): send them as a client must, in chunks.
        for chunk in stride(from: 0, to: wanted.count, by: 700).map({ Array(wanted[$0..<min($0 + 700, wanted.count)]) }) {
            let values = chunk.map { "'\(data.link($0).activityID)'" }.joined(separator: ",")
            let target = "socialactivities?$select=activityid,_regardingobjectid_value&$filter=Microsoft.Dynamics.CRM.In(PropertyName='activityid',PropertyValues=[\(values)])"
            let response = try await client.api("GET", "org1", target, token: token, headers: [("Prefer", "odata.maxpagesize=5000")])
            #expect(response.status == 200)
            for row in response.json["value"] as? [[String: Any]] ?? [] {
                returned[row["activityid"] as? String ?? ""] = row["_regardingobjectid_value"] as? String
            }
        }
        #expect(returned.count == 5000)
        #expect(wanted.allSatisfy { returned[data.link($0).activityID.description] == data.link($0).record.id.description })
    }

    @Test func optionsParseAndRefuseNonsense() throws {
        let options = try SimulatorOptions(arguments: ["--port", "8080", "--generate", "10", "--instances", "2", "--emit-links", "/tmp/x"])
        #expect(options.port == 8080)
        #expect(options.generatedActivities == 10)
        #expect(options.instances == 2)
        #expect(options.linksPath == "/tmp/x")
        for bad in [["--port"], ["--port", "x"], ["--generate", "5"], ["--host", "0.0.0.0"], ["--emit-links", "f"], ["--bogus", "1"]] {
            #expect(throws: SimulatorError.self, "\(bad)") { try SimulatorOptions(arguments: bad) }
        }
    }

    @Test func executableGeneratesEmitsLinksServesAndExitsCleanly() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("d365-sim")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the d365-sim product first: \(binary.path)")
        let linksFile = FileManager.default.temporaryDirectory.appendingPathComponent("d365-sim-links-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: linksFile) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "0", "--generate", "1000", "--instances", "3", "--emit-links", linksFile.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = try await DedicatedThread.run { () -> String in
            var bytes: [UInt8] = []
            while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") {
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let prefix = "listening on http://127.0.0.1:"
        #expect(line.hasPrefix(prefix))
        let port = try #require(Int(line.dropFirst(prefix.count)))

        let lines = try String(contentsOf: linksFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1000)
        let tenth = try #require(try JSONSerialization.jsonObject(with: Data(lines[9].utf8)) as? [String: String])
        #expect(tenth == [
            "post_id": "post-10", "instance": "org1", "activity_id": "ac000000-0000-4000-8000-00000000000a",
            "record_entity": "lead", "record_id": "1e000000-0000-4000-8000-00000000000a",
        ])

        let client = SimulatorClient(port: port, baseURL: "http://127.0.0.1:\(port)")
        let token = try await client.token(org: "org1", tenant: "tenant", clientID: "client-org1", secret: "secret-org1")
        let row = try await client.api("GET", "org1", "socialactivities(ac000000-0000-4000-8000-00000000000a)?$select=_regardingobjectid_value", token: token)
        #expect(row.json["_regardingobjectid_value"] as? String == "1e000000-0000-4000-8000-00000000000a")

        process.terminate()
        let status = try await DedicatedThread.run { () -> Int32 in
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(status == 0)
        let rest = try output.fileHandleForReading.readToEnd() ?? Data()
        #expect(rest.isEmpty, "nothing after the listening line on stdout")
    }
}
