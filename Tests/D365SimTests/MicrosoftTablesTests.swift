import Testing
@testable import D365Sim

/// The transcribed metadata holds together: what the writes and reads rely on is there.
@Suite("d365-sim table metadata")
struct MicrosoftTablesTests {
    @Test func everyServedTableLoadsWithItsKeysAndNames() {
        #expect(EntityCatalog.all.map(\.logicalName) == ["socialactivity", "socialprofile", "incident", "lead", "contact", "account", "organization"])
        for entity in EntityCatalog.all {
            #expect(entity.attribute(entity.primaryIdAttribute)?.type == "Uniqueidentifier", "\(entity.logicalName)")
            #expect(entity.attribute(entity.primaryNameAttribute)?.type == "String", "\(entity.logicalName)")
            #expect(Set(entity.attributes.map(\.logicalName)).count == entity.attributes.count, "\(entity.logicalName) lists a column twice")
            for attribute in entity.attributes where attribute.type == "String" || attribute.type == "Memo" {
                #expect(attribute.maxLength != nil, "\(entity.logicalName).\(attribute.logicalName)")
            }
        }
    }

    /// A relationship's column is a lookup of its table, or, for the activity pointer and the
    /// process stage, the Uniqueidentifier the pages give.
    @Test func everyRelationshipBindsAColumnOfItsTable() {
        for entity in EntityCatalog.all {
            for relationship in entity.manyToOne {
                let type = entity.attribute(relationship.referencingAttribute)?.type
                let isLookup = entity.attribute(relationship.referencingAttribute)?.isLookup == true
                #expect(isLookup || type == "Uniqueidentifier", "\(relationship.schemaName)")
                #expect(entity.manyToOne.filter { $0.referencingNavigation == relationship.referencingNavigation }.count == 1)
            }
        }
        let activity = EntityCatalog.byLogicalName("socialactivity")!
        for target in ["incident", "lead", "account", "contact"] {
            #expect(activity.relationship(attribute: "regardingobjectid", target: target)?.cascade.delete == "Cascade", "\(target)")
        }
        #expect(activity.relationship(navigation: "regardingobjectid_incident") == nil)
        #expect(activity.relationship(navigation: "postfromprofileid")?.referencedEntity == "socialprofile")
    }

    @Test func stateChoicesNameTheirDefaultStatus() {
        let defaults = EntityCatalog.all.compactMap { entity -> (String, Int?)? in
            entity.attribute("statecode")?.options.first.map { (entity.logicalName, $0.related) }
        }
        #expect(defaults.map(\.0) == ["socialactivity", "socialprofile", "incident", "lead", "contact", "account"])
        #expect(defaults.map(\.1) == [4, 1, 1, 1, 1, 1])
    }
}
