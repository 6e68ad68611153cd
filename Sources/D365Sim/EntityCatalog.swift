/// What the simulator knows about one table: the names metadata reports and which
/// columns a write may set.
public struct EntityDefinition: Sendable {
    public let logicalName: String
    public let entitySetName: String
    public let primaryIdAttribute: String
    public let primaryNameAttribute: String
    public let displayName: String
    public let metadataId: GUID
    /// Plain columns a write may set; nil means any well-formed name (records are the
    /// customer's own, customisable tables, so the simulator does not police their columns).
    let columns: Set<String>?
    /// Lookup columns (read back as `_<name>_value`); nil means any.
    let lookups: Set<String>?

    func allowsColumn(_ name: String) -> Bool {
        guard EntityDefinition.isWellFormedName(name) else { return false }
        return name == primaryIdAttribute || (columns?.contains(name) ?? true)
    }

    func allowsLookup(_ name: String) -> Bool {
        guard EntityDefinition.isWellFormedName(name) else { return false }
        return lookups?.contains(name) ?? true
    }

    /// Lower-case letters, digits and underscores: Dataverse logical names.
    static func isWellFormedName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }
}

/// The tables the simulator serves (dataverse.md, "Tables").
public enum EntityCatalog {
    public static let all: [EntityDefinition] = [
        EntityDefinition(
            logicalName: "socialactivity", entitySetName: "socialactivities", primaryIdAttribute: "activityid",
            primaryNameAttribute: "subject", displayName: "Social Activity", metadataId: GUID(kind: 0x3e7a_0000, index: 1),
            columns: [
                "subject", "description", "posturl", "postid", "postedon", "postmessagetype", "community",
                "sentimentvalue", "directioncode", "activityadditionalparams", "statecode", "statuscode",
                "createdon", "modifiedon", "scheduledend", "postauthoraccounttype", "postauthortype",
            ],
            lookups: ["regardingobjectid", "postfromprofileid", "postauthor", "postauthoraccount", "ownerid"]),
        EntityDefinition(
            logicalName: "socialprofile", entitySetName: "socialprofiles", primaryIdAttribute: "socialprofileid",
            primaryNameAttribute: "profilename", displayName: "Social Profile", metadataId: GUID(kind: 0x3e7a_0000, index: 2),
            columns: [
                "profilename", "profilefullname", "profilelink", "uniqueprofileid", "community", "influencescore",
                "blocked", "statecode", "statuscode", "createdon", "modifiedon",
            ],
            lookups: ["customerid", "ownerid"]),
        EntityDefinition(
            logicalName: "incident", entitySetName: "incidents", primaryIdAttribute: "incidentid",
            primaryNameAttribute: "title", displayName: "Case", metadataId: GUID(kind: 0x3e7a_0000, index: 3),
            columns: nil, lookups: nil),
        EntityDefinition(
            logicalName: "lead", entitySetName: "leads", primaryIdAttribute: "leadid", primaryNameAttribute: "fullname",
            displayName: "Lead", metadataId: GUID(kind: 0x3e7a_0000, index: 4), columns: nil, lookups: nil),
        EntityDefinition(
            logicalName: "contact", entitySetName: "contacts", primaryIdAttribute: "contactid",
            primaryNameAttribute: "fullname", displayName: "Contact", metadataId: GUID(kind: 0x3e7a_0000, index: 5),
            columns: nil, lookups: nil),
        EntityDefinition(
            logicalName: "account", entitySetName: "accounts", primaryIdAttribute: "accountid",
            primaryNameAttribute: "name", displayName: "Account", metadataId: GUID(kind: 0x3e7a_0000, index: 6),
            columns: nil, lookups: nil),
    ]

    public static func byLogicalName(_ name: String) -> EntityDefinition? {
        all.first { $0.logicalName == name }
    }

    public static func bySetName(_ name: String) -> EntityDefinition? {
        all.first { $0.entitySetName == name }
    }
}
