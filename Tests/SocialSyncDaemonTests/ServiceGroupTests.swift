@testable import SocialSyncDaemon
import Synchronization
import Testing

/// The daemon's services start in order and stop in reverse, each finished before the
/// one before it is asked to stop.
@Suite struct ServiceGroupTests {
    @Test func servicesStopInReverseOrderEachFinishedFirst() async {
        let log = Mutex<[String]>([])
        let names = ["engine", "status", "watchdog"]
        let started = AsyncStream<Void>.makeStream()
        let services = names.map { name in
            ServiceGroup.Service(name: name) {
                log.withLock { $0.append("start \(name)") }
                started.continuation.yield()
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
                log.withLock { $0.append("stop \(name)") }
            }
        }
        await ServiceGroup(services: services, events: RecordingSink()).run {
            var count = 0
            for await _ in started.stream {
                count += 1
                if count == names.count { break }
            }
        }
        let entries = log.withLock { $0 }
        #expect(Set(entries.prefix(3)) == Set(names.map { "start \($0)" }))
        #expect(Array(entries.suffix(3)) == ["stop watchdog", "stop status", "stop engine"])
    }

    @Test func aServiceThatEndsOnItsOwnIsReported() async {
        let events = RecordingSink()
        let services = [ServiceGroup.Service(name: "journal") {}]
        await ServiceGroup(services: services, events: events).run {
            for _ in 0..<500 where events.all.isEmpty { try? await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(events.all == [.failure(component: "service", instance: nil, detail: "journal ended before the daemon stopped")])
    }
}
