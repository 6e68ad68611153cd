import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Instances")
struct InstanceRepositoryTests {
    @Test("every field reads back, and updates are saved")
    func roundTrip() throws {
        let fixture = try TestStore()
        var instance = Sample.instance()
        instance.tokenURL = URL(string: "http://127.0.0.1:8080/token")
        instance.organizationID = "0f0f0f0f-0000-0000-0000-000000000000"
        instance.language = "1033"
        instance.verdict = .healthy
        instance.verdictSince = Sample.epoch
        instance.lastChecked = Sample.epoch
        try fixture.store.write { try $0.instances.insert(instance) }
        #expect(try fixture.store.read { try $0.instances.get("contoso") } == instance)
        instance.name = "Contoso EU"
        instance.isEnabled = false
        instance.organizationMismatch = true
        try fixture.store.write { try $0.instances.update(instance) }
        #expect(try fixture.store.read { try $0.instances.all() } == [instance])
        #expect(throws: StoreError.duplicateInstance(id: "contoso")) { try fixture.store.write { try $0.instances.insert(instance) } }
        #expect(throws: StoreError.unknownInstance(id: "nope")) { try fixture.store.write { try $0.instances.update(Sample.instance("nope")) } }
    }

    @Test("at most one instance is default")
    func singleDefault() throws {
        let fixture = try TestStore()
        try fixture.store.write { tx throws in
            try tx.instances.insert(Sample.instance("a", isDefault: true))
            try tx.instances.insert(Sample.instance("b", isDefault: true))
        }
        #expect(try fixture.store.read { try $0.instances.all().filter(\.isDefault).map(\.id) } == ["b"])
        try fixture.store.write { try $0.instances.setDefault("a") }
        #expect(try fixture.store.read { try $0.instances.all().filter(\.isDefault).map(\.id) } == ["a"])
        try fixture.store.write { try $0.instances.setDefault(nil) }
        #expect(try fixture.store.read { try $0.instances.all().filter(\.isDefault) }.isEmpty)
        #expect(throws: StoreError.self) { try fixture.corrupt("UPDATE instances SET is_default = 1") }
    }

    @Test("verdicts move verdict_since only when they change; streaks and throttling persist")
    func verdictBookkeeping() throws {
        let fixture = try TestStore()
        let later = Sample.epoch.addingTimeInterval(30)
        try fixture.store.write { tx throws in
            try tx.instances.insert(Sample.instance())
            try tx.instances.recordProbe("contoso", ProbeRecord(verdict: .healthy, pendingStreak: nil, checkedAt: Sample.epoch, language: "1033"))
            try tx.instances.recordProbe("contoso", ProbeRecord(verdict: .healthy, pendingStreak: Streak(answer: .down), checkedAt: later, throttledUntil: later))
        }
        try fixture.store.read { tx throws in
            let instance = try #require(try tx.instances.get("contoso"))
            #expect(instance.verdict == .healthy && instance.verdictSince == Sample.epoch && instance.lastChecked == later)
            #expect(try tx.instances.verdictStreak("contoso") == Streak(answer: .down))
            #expect(try tx.instances.throttledUntil("contoso") == later)
        }
        try fixture.store.write { try $0.instances.recordProbe("contoso", ProbeRecord(verdict: .down, pendingStreak: nil, checkedAt: later)) }
        try fixture.store.read { tx throws in
            #expect(try tx.instances.get("contoso")?.verdictSince == later)
            #expect(try tx.instances.verdictStreak("contoso") == nil)
            #expect(try tx.instances.get("contoso")?.language == "1033", "a probe without a language keeps the stored one")
            #expect(try tx.instances.throttledUntil("contoso") == nil)
        }
    }

    @Test("a deleted instance is a tombstone found again for re-association")
    func tombstone() throws {
        let fixture = try TestStore()
        try fixture.store.write { tx throws in
            try tx.instances.insert(Sample.instance("contoso", isDefault: true))
            try tx.instances.markDeleted("contoso", at: Sample.epoch)
        }
        try fixture.store.read { tx throws in
            let deleted = try #require(try tx.instances.get("contoso"))
            #expect(deleted.isDeleted && !deleted.isDefault)
            #expect(try tx.instances.deletedAt("contoso") == Sample.epoch)
            #expect(try tx.instances.reassociationCandidate(url: URL(string: "https://CONTOSO.crm.dynamics.com/")!, organizationID: nil)?.id == "contoso")
            #expect(try tx.instances.reassociationCandidate(url: URL(string: "https://fabrikam.crm.dynamics.com")!, organizationID: nil) == nil)
        }
        try fixture.store.write { tx throws in
            var revived = try #require(try tx.instances.get("contoso"))
            revived.isDeleted = false
            try tx.instances.update(revived)
        }
        #expect(try fixture.store.read { try $0.instances.deletedAt("contoso") } == nil)
    }
}
