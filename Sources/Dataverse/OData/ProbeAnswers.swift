import Foundation
import SocialSyncCore

/// Reads the answers of a health probe (dataverse.md, "Health and organization state").
enum ProbeAnswers {
    /// `WhoAmI`'s `OrganizationId`, lower-cased; nil unless it is a GUID.
    static func organizationID(_ root: [String: Any]) -> String? {
        (root["OrganizationId"] as? String).flatMap { GUID.isValid($0) ? $0.lowercased() : nil }
    }

    /// The first organization's `languagecode` from `organizations?$select=languagecode`.
    static func languageCode(_ root: [String: Any]) -> Int? {
        ((root["value"] as? [Any])?.first as? [String: Any])?["languagecode"] as? Int
    }
}
