import Dataverse
import Foundation
import Glibc

/// A running `d365-sim` child process on an ephemeral loopback port, driven through its
/// admin API (/tmp/simspec.md contract). One per test, terminated when the test ends.
public final class SimulatorProcess: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// An organization as the admin API created it.
    public struct Organization: Sendable {
        public var name: String
        public var organizationID: String
        public var instanceURL: URL
        public var tokenURL: URL
        public var clientID: String
        public var secret: String
    }

    public let baseURL: URL
    public let transport: CurlTransport
    private let process: Process

    private init(process: Process, baseURL: URL, transport: CurlTransport) {
        self.process = process
        self.baseURL = baseURL
        self.transport = transport
    }

    /// Starts the simulator, runs `body`, and terminates the simulator whatever happens.
    public static func run<Result>(_ body: (SimulatorProcess) async throws -> Result) async throws -> Result {
        let simulator = try await start()
        defer { simulator.terminate() }
        return try await body(simulator)
    }

    /// The binary sits in the build products directory beside the test bundle.
    public static func binaryPath() throws -> String {
        if let path = ProcessInfo.processInfo.environment["D365_SIM_PATH"] { return path }
        let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidate = products.appendingPathComponent("d365-sim").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw Failure(description: "d365-sim not found in \(products.path); build it (swift build --build-tests) or set D365_SIM_PATH")
        }
        return candidate
    }

    private static func start() async throws -> SimulatorProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binaryPath())
        process.arguments = ["--host", "127.0.0.1", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = await firstLine(of: output.fileHandleForReading.fileDescriptor, orTerminate: process)
        let prefix = "listening on "
        guard let line, line.hasPrefix(prefix), let url = URL(string: String(line.dropFirst(prefix.count))) else {
            process.terminate()
            throw Failure(description: "d365-sim did not announce its address (got \(line ?? "nothing"))")
        }
        return SimulatorProcess(process: process, baseURL: url, transport: try CurlTransport())
    }

    /// Reads the announcement on a dedicated thread (a blocking read must stay off the
    /// concurrency pool); a simulator silent for 10 s is terminated, which ends the read.
    private static func firstLine(of descriptor: Int32, orTerminate process: Process) async -> String? {
        let watchdog = Task {
            try await Task.sleep(for: .seconds(10))
            process.terminate()
        }
        defer { watchdog.cancel() }
        return await withCheckedContinuation { continuation in
            Thread {
                var bytes: [UInt8] = []
                var byte: UInt8 = 0
                while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
                continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
            }.start()
        }
    }

    public func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    // MARK: Admin API

    @discardableResult
    public func admin(_ method: String, _ path: String, _ json: Any? = nil, expect: Int? = nil) async throws -> Any? {
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        let request = HTTPRequest(
            method: method, url: baseURL.appendingPathComponent("_admin").appendingPathComponent(path),
            headers: [HTTPHeader("Content-Type", "application/json")], body: body, timeoutSeconds: 30)
        let response = try await transport.send(request).get()
        if let expect, response.status != expect {
            throw Failure(description: "admin \(method) \(path): HTTP \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return response.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: response.body)
    }

    public func createOrganization(_ name: String, tokenLifetimeSeconds: Int? = nil) async throws -> Organization {
        var settings: [String: Any] = ["name": name, "tenant": "tenant-\(name)", "client_id": "client-\(name)", "client_secret": "secret-\(name)-S3CR3T"]
        if let tokenLifetimeSeconds { settings["token_lifetime_seconds"] = tokenLifetimeSeconds }
        let answer = try await admin("POST", "orgs", settings, expect: 201) as? [String: Any]
        guard let id = answer?["organization_id"] as? String, let instance = (answer?["instance_url"] as? String).flatMap(URL.init(string:)),
              let token = (answer?["token_url"] as? String).flatMap(URL.init(string:))
        else { throw Failure(description: "unexpected org answer \(String(describing: answer))") }
        return Organization(name: name, organizationID: id, instanceURL: instance, tokenURL: token, clientID: "client-\(name)", secret: "secret-\(name)-S3CR3T")
    }

    public func setFault(_ org: Organization, _ fault: [String: Any]) async throws {
        try await admin("PUT", "orgs/\(org.name)/fault", fault, expect: 200)
    }

    public func clearFault(_ org: Organization) async throws {
        try await admin("DELETE", "orgs/\(org.name)/fault")
    }

    public func insertRows(_ org: Organization, set: String, _ rows: [[String: Any]]) async throws {
        try await admin("POST", "orgs/\(org.name)/rows/\(set)", ["rows": rows])
    }

    public func counters(_ org: Organization) async throws -> [String: Any] {
        let all = try await admin("GET", "counters", expect: 200) as? [String: Any]
        return ((all?["orgs"] as? [String: Any])?[org.name] as? [String: Any]) ?? [:]
    }

    public func resetCounters() async throws {
        try await admin("POST", "counters/reset")
    }

    /// A client for `org` over this process's own transport.
    public func client(
        _ org: Organization, timeout: Double = 30, pageSize: Int = 5000, maxConcurrent: Int = 8, transport: CurlTransport? = nil,
        tokenClock: (@Sendable () -> Date)? = nil, confirmationsPerBatch: Int = 100, maxConfirmationsPerCheck: Int = 1000,
        clock: (@Sendable () -> Date)? = nil
    ) throws -> DataverseClient {
        let transport = transport ?? self.transport
        let secret = org.secret
        let tokens = TokenProvider(
            tokenURL: org.tokenURL, clientID: org.clientID, instanceURL: org.instanceURL, transport: transport,
            timeoutSeconds: timeout, now: tokenClock ?? Date.init) { ClientSecret(secret) }
        return try DataverseClient(
            configuration: .init(
                instanceURL: org.instanceURL, requestTimeoutSeconds: timeout, maxConcurrentRequests: maxConcurrent, pageSize: pageSize,
                confirmationsPerBatch: confirmationsPerBatch, maxConfirmationsPerCheck: maxConfirmationsPerCheck),
            tokens: tokens, transport: transport, now: clock ?? Date.init)
    }
}

/// Deterministic GUIDs for test rows.
public func testGUID(_ kind: Int, _ index: Int) -> String {
    String(format: "%08x-0000-4000-8000-%012x", kind, index)
}
