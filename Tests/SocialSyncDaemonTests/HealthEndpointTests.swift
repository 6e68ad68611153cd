import Foundation
import HTTPServer
import SocialSyncCore
import SocialSyncDaemon
import TestSupport
import Testing

/// The health endpoint through real sockets: routes, errors, and clients that misbehave.
@Suite struct HealthEndpointTests {
    /// A running endpoint with the state its handlers read.
    final class Endpoint: Sendable {
        let board = StatusBoard()
        let liveness = LivenessTracker(defaultAllowance: .seconds(60))
        let registry = MetricsRegistry()
        let server: HealthServer

        init(readTimeout: Duration = .seconds(5)) throws {
            let (board, liveness, registry) = (board, liveness, registry)
            let router = HealthRouter(
                snapshot: { board.latest }, isAlive: { liveness.isAlive() }, metrics: { registry.render() },
                identity: HealthDocument.Identity(version: "1.2.3"))
            server = try #require(try HealthServer.start(listen: ListenAddress(host: "127.0.0.1", port: 0), router: router, readTimeout: readTimeout))
        }

        deinit { server.stop() }

        func get(_ path: String, method: String = "GET") async throws -> HealthClient.Answer {
            let port = server.port
            return try await DedicatedThread.run { try HealthClient.request(method, path, port: port) }
        }
    }

    static let checkedAt = Date(timeIntervalSince1970: 1_714_557_600)

    @Test func livezFollowsTheLoops() async throws {
        let endpoint = try Endpoint()
        endpoint.liveness.heartbeat(loop: "supervisor")
        for path in ["/livez", "/healthz"] {
            let answer = try await endpoint.get(path)
            #expect(answer.status == 200 && answer.body == "ok\n")
        }
        endpoint.liveness.expect(loop: "contoso", within: .zero, now: .now - .seconds(1))
        #expect(try await endpoint.get("/livez").status == 503)
        #expect(try await endpoint.get("/healthz").status == 503)
    }

    @Test func readyzWaitsForTheFirstPass() async throws {
        let endpoint = try Endpoint()
        #expect(try await endpoint.get("/readyz").status == 503)
        endpoint.board.update { $0.isReady = true }
        #expect(try await endpoint.get("/readyz").status == 200)
    }

    @Test func statusIsAHealthCheckDocument() async throws {
        let endpoint = try Endpoint()
        endpoint.board.publish(StatusSnapshot(
            instances: [
                .init(id: "contoso", verdict: .healthy, verdictSince: Self.checkedAt, lastChecked: Self.checkedAt),
                .init(id: "fabrikam", verdict: .throttled, lastChecked: Self.checkedAt),
                .init(id: "gone", verdict: .down, isDeleted: true),
            ],
            linkCounts: [.active: 7, .errored: 1], outboxDepth: 3, isReady: true))
        let answer = try await endpoint.get("/status")
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "application/health+json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        #expect(document["status"] as? String == "warn")
        #expect(document["version"] as? String == "1.2.3")
        #expect(document["serviceId"] as? String == "socialsync")
        let checks = try #require(document["checks"] as? [String: [[String: Any]]])
        let verdicts = try #require(checks["instance:verdict"])
        #expect(verdicts.map { $0["componentId"] as? String } == ["contoso", "fabrikam"])
        #expect(verdicts.map { $0["status"] as? String } == ["pass", "warn"])
        #expect(verdicts[0]["observedValue"] as? String == "healthy")
        #expect(verdicts[0]["componentType"] as? String == "component")
        #expect(verdicts[0]["time"] as? String == "2024-05-01T10:00:00.000Z")
        let counts = try #require(checks["links:count"])
        #expect(counts.count == LinkState.allCases.count)
        #expect(counts.first { $0["componentId"] as? String == "active" }?["observedValue"] as? Int == 7)
        #expect(checks["outbox:depth"]?.first?["observedValue"] as? Int == 3)

        endpoint.board.update { $0.instances[1].verdict = .down }
        let failing = try await endpoint.get("/status")
        #expect(failing.status == 503)
        #expect(failing.body.contains("\"status\": \"fail\""))
    }

    @Test func metricsUseTheExpositionContentType() async throws {
        let endpoint = try Endpoint()
        MetricsSink(registry: endpoint.registry).record(.outboxDepth(5))
        let answer = try await endpoint.get("/metrics")
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(answer.body.contains("socialsync_outbox_depth 5\n"))
        _ = try PrometheusTextReader.families(answer.body)
    }

    @Test func headAnswersWithoutABody() async throws {
        let endpoint = try Endpoint()
        let answer = try await endpoint.get("/livez", method: "HEAD")
        #expect(answer.status == 200)
        #expect(answer.body.isEmpty)
        #expect(answer.headers["content-length"] == "3")
    }

    @Test func unknownPathsAndMethodsAreRefused() async throws {
        let endpoint = try Endpoint()
        #expect(try await endpoint.get("/").status == 404)
        #expect(try await endpoint.get("/status/extra").status == 404)
        let post = try await endpoint.get("/status", method: "POST")
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET, HEAD")
        #expect(try await endpoint.get("/metrics", method: "DELETE").status == 405)
    }

    @Test func aMalformedRequestGets400WhileAnotherClientIsServed() async throws {
        let endpoint = try Endpoint()
        let port = endpoint.server.port
        let (malformed, served) = try await DedicatedThread.run {
            let patient = try HealthClient(port: port)
            try patient.send("GET /livez HTTP/1.1\r\nHost: x\r\n")
            let broken = try HealthClient(port: port)
            try broken.send("NOT AN HTTP REQUEST\r\n\r\n")
            let malformed = try broken.readAnswer()
            try patient.send("Connection: close\r\n\r\n")
            return (malformed, try patient.readAnswer())
        }
        #expect(malformed.status == 400)
        #expect(served.status == 200)
    }

    @Test func aSlowSenderIsDroppedWithoutStallingOthers() async throws {
        let endpoint = try Endpoint(readTimeout: .seconds(1))
        let port = endpoint.server.port
        let (othersServedIn, slowEndedIn, slowReceived) = try await DedicatedThread.run {
            let started = ContinuousClock.now
            let slow = try HealthClient(port: port)
            try slow.send("GET /livez HTTP/1.1\r\nHo")
            let other = try HealthClient.request("GET", "/readyz", port: port)
            guard other.status == 503 else { throw HealthClient.Failure(description: "other client got \(other.status)") }
            let othersServedIn = ContinuousClock.now - started
            let received = try slow.readToEnd()
            return (othersServedIn, ContinuousClock.now - started, received)
        }
        #expect(othersServedIn < .seconds(1), "served while the slow request was still open")
        #expect(slowEndedIn >= .milliseconds(900) && slowEndedIn < .seconds(4))
        #expect(slowReceived.isEmpty, "the slow request was never answered")
    }

    @Test func aHugeHeaderGets431() async throws {
        let endpoint = try Endpoint()
        let port = endpoint.server.port
        let answer = try await DedicatedThread.run {
            let client = try HealthClient(port: port)
            try client.send("GET /livez HTTP/1.1\r\nX-Padding: \(String(repeating: "a", count: 10_000))\r\n\r\n")
            return try client.readAnswer()
        }
        #expect(answer.status == 431)
    }

    @Test func anEmptyListenTurnsTheEndpointOff() throws {
        let router = HealthRouter(snapshot: { StatusSnapshot() }, isAlive: { true }, metrics: { "" }, identity: .init(version: "0"))
        #expect(try HealthServer.start(listen: nil, router: router) == nil)
    }

    @Test func aBusyPortIsAnErrorNamingTheAddress() throws {
        let endpoint = try Endpoint()
        let router = HealthRouter(snapshot: { StatusSnapshot() }, isAlive: { true }, metrics: { "" }, identity: .init(version: "0"))
        let address = ListenAddress(host: "127.0.0.1", port: UInt16(endpoint.server.port))
        do {
            _ = try HealthServer.start(listen: address, router: router)
            Issue.record("a second server bound the same port")
        } catch {
            #expect(error.description.hasPrefix("cannot serve health endpoint on 127.0.0.1:\(endpoint.server.port): "))
        }
    }
}

/// The `/status` document as a pure function: how the overall status is reached.
@Suite struct HealthDocumentTests {
    let identity = HealthDocument.Identity(version: "1")

    @Test func overallStatusIsTheWorstPart() {
        let healthy = StatusSnapshot.InstanceStatus(id: "a", verdict: .healthy)
        #expect(HealthDocument(snapshot: StatusSnapshot(instances: [healthy], isReady: true), isAlive: true, identity: identity).status == .pass)
        #expect(HealthDocument(snapshot: StatusSnapshot(instances: [healthy], isReady: false), isAlive: true, identity: identity).status == .warn)
        #expect(HealthDocument(snapshot: StatusSnapshot(instances: [healthy], isReady: true), isAlive: false, identity: identity).status == .fail)
        for (verdict, expected) in [(Verdict.unknown, HealthStatus.warn), (.malformed, .warn), (.throttled, .warn), (.down, .fail), (.expired, .fail), (.unauthorized, .fail)] {
            let instance = StatusSnapshot.InstanceStatus(id: "b", verdict: verdict)
            let document = HealthDocument(snapshot: StatusSnapshot(instances: [healthy, instance], isReady: true), isAlive: true, identity: identity)
            #expect(document.status == expected, "\(verdict)")
            #expect(document.status.httpStatus == (expected == .fail ? 503 : 200))
        }
    }

    @Test func disabledPassesDeletedIsLeftOutMismatchFails() {
        let snapshot = StatusSnapshot(instances: [
            .init(id: "off", verdict: .down, isEnabled: false),
            .init(id: "gone", verdict: .down, isDeleted: true),
        ], isReady: true)
        let document = HealthDocument(snapshot: snapshot, isAlive: true, identity: identity)
        #expect(document.status == .pass)
        let text = document.json.rendered()
        #expect(text.contains("\"componentId\":\"off\""))
        #expect(!text.contains("\"gone\""))

        let mismatch = StatusSnapshot(instances: [.init(id: "moved", verdict: .healthy, organizationMismatch: true)], isReady: true)
        #expect(HealthDocument(snapshot: mismatch, isAlive: true, identity: identity).status == .fail)

        // Held healthy from its last answer, but the daemon cannot reach it now.
        let unreachable = StatusSnapshot(
            instances: [.init(id: "contoso", verdict: .healthy, connectionFailure: "secret 'contoso' is a credential name, but CREDENTIALS_DIRECTORY is not set")],
            isReady: true)
        let unreachableDocument = HealthDocument(snapshot: unreachable, isAlive: true, identity: identity)
        #expect(unreachableDocument.status == .fail)
        #expect(unreachableDocument.json.rendered().contains("cannot connect: secret 'contoso' is a credential name"))
    }
}
