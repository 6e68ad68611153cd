import Foundation
import SocialSyncCore
import Testing

/// Creation ids are version 5 UUIDs: the RFC's own example, and the properties the
/// dry run and the outbox rely on.
@Suite struct NameBasedUUIDTests {
    @Test func theRFCExampleGivesTheRFCsUUID() {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        let dns: [UInt8] = [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]
        #expect(NameBasedUUID.make(namespace: dns, name: "www.example.com") == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test func creationIDsAreFixedByTheirInputsAndDifferPerAttemptPostAndConnection() {
        let instance = Instance(
            id: "contoso", name: "Contoso", url: URL(string: "https://contoso.crm.dynamics.com")!, tenantID: "t", clientID: "c",
            clientSecretFile: "s", connectedOn: Date(timeIntervalSince1970: 1_700_000_000.25))
        let first = CreationIDs.derived(instance: instance, postID: "p1", attempt: 1, recordType: "incident")
        #expect(first == CreationIDs.derived(instance: instance, postID: "p1", attempt: 1, recordType: "incident"))
        var reconnected = instance
        reconnected.connectedOn = instance.connectedOn.addingTimeInterval(1)
        let others = [
            CreationIDs.derived(instance: instance, postID: "p1", attempt: 2, recordType: "incident"),
            CreationIDs.derived(instance: instance, postID: "p2", attempt: 1, recordType: "incident"),
            CreationIDs.derived(instance: reconnected, postID: "p1", attempt: 1, recordType: "incident"),
        ]
        let ids = [first] + others
        let all = ids.flatMap { [$0.contactID, $0.profileID, $0.recordID, $0.activityID] }
        #expect(Set(all).count == all.count, "every id distinct: \(all)")
        #expect(all.allSatisfy(GUID.isValid))
    }
}
