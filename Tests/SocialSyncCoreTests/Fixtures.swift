import Foundation
import SocialSyncCore

/// Small value builders so each test states only what matters to its rule.
enum Fixtures {
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)
    static let caseRecord = RecordReference(entity: "incident", id: "11111111-1111-1111-1111-111111111111")
    static let activityID = "22222222-2222-2222-2222-222222222222"

    static func link(_ state: LinkState, _ reason: LinkReason? = nil, id: Int64 = 1, post: String = "p1", instance: String = "contoso") -> Link {
        Link(id: id, postID: post, instanceID: instance, activityID: activityID, record: caseRecord, state: state, reason: reason, updatedAt: epoch)
    }

    static func instance(
        _ id: String = "contoso", enabled: Bool = true, deleted: Bool = false, isDefault: Bool = false,
        verdict: Verdict = .healthy, url: String? = nil, organizationID: String? = nil
    ) -> Instance {
        Instance(
            id: id, name: id.capitalized, url: URL(string: url ?? "https://\(id).crm.dynamics.com")!, tenantID: "t",
            clientID: "c", clientSecretFile: "\(id).secret", organizationID: organizationID, connectedOn: epoch,
            isDefault: isDefault, isEnabled: enabled, isDeleted: deleted, verdict: verdict
        )
    }
}
