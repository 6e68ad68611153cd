import Foundation
import SocialSyncCore

/// Table metadata as Microsoft's entity reference pages describe it (D365
/// `ce/developer/reference/entities/<table>.md`), cut to the columns and relationships a
/// creation touches, so each planner test states only what matters to its rule.
enum CreationFixtures {
    static func attribute(_ name: String, _ type: String = "String", _ level: RequiredLevel = .none, create: Bool = true, length: Int? = nil) -> AttributeMetadata {
        AttributeMetadata(logicalName: name, attributeType: type, requiredLevel: level, isValidForCreate: create, maxLength: length)
    }

    static func relationship(_ schema: String, _ attribute: String, to target: String, _ navigation: String) -> RelationshipMetadata {
        RelationshipMetadata(schemaName: schema, referencedEntity: target, referencingAttribute: attribute, navigationProperty: navigation, cascadeDelete: "Cascade")
    }

    static let contact = EntityMetadata(
        logicalName: "contact", entitySetName: "contacts", primaryIdAttribute: "contactid", primaryNameAttribute: "fullname",
        attributes: [
            attribute("contactid", "Uniqueidentifier", .systemRequired), attribute("ownerid", "Owner", .systemRequired),
            attribute("lastname", "String", .applicationRequired, length: 50), attribute("firstname", length: 50),
            attribute("fullname", create: false, length: 160),
        ],
        manyToOne: [])

    static let account = EntityMetadata(
        logicalName: "account", entitySetName: "accounts", primaryIdAttribute: "accountid", primaryNameAttribute: "name",
        attributes: [attribute("accountid", "Uniqueidentifier", .systemRequired), attribute("name", "String", .applicationRequired, length: 160)],
        manyToOne: [])

    static let socialProfile = EntityMetadata(
        logicalName: "socialprofile", entitySetName: "socialprofiles", primaryIdAttribute: "socialprofileid", primaryNameAttribute: "profilename",
        attributes: [
            attribute("socialprofileid", "Uniqueidentifier", .systemRequired), attribute("profilename", "String", .applicationRequired, length: 100),
            attribute("profilefullname", length: 160), attribute("profilelink", length: 100), attribute("uniqueprofileid", length: 100),
            attribute("community", "Picklist", .applicationRequired), attribute("customerid", "Customer"),
        ],
        manyToOne: [
            relationship("Socialprofile_customer_contacts", "customerid", to: "contact", "customerid_contact"),
            relationship("Socialprofile_customer_accounts", "customerid", to: "account", "customerid_account"),
        ])

    static let incident = EntityMetadata(
        logicalName: "incident", entitySetName: "incidents", primaryIdAttribute: "incidentid", primaryNameAttribute: "title",
        attributes: [
            attribute("incidentid", "Uniqueidentifier", .systemRequired), attribute("ownerid", "Owner", .systemRequired),
            attribute("title", "String", .applicationRequired, length: 200), attribute("customerid", "Customer", .systemRequired),
            attribute("statecode", "State", .systemRequired, create: false), attribute("statuscode", "Status"),
        ],
        manyToOne: [
            relationship("incident_customer_contacts", "customerid", to: "contact", "customerid_contact"),
            relationship("incident_customer_accounts", "customerid", to: "account", "customerid_account"),
        ])

    static let lead = EntityMetadata(
        logicalName: "lead", entitySetName: "leads", primaryIdAttribute: "leadid", primaryNameAttribute: "fullname",
        attributes: [
            attribute("leadid", "Uniqueidentifier", .systemRequired), attribute("ownerid", "Owner", .systemRequired),
            attribute("fullname", create: false, length: 160), attribute("lastname", "String", .applicationRequired, length: 50),
            attribute("subject", length: 300), attribute("customerid", "Customer"),
        ],
        manyToOne: [relationship("lead_customer_contacts", "customerid", to: "contact", "customerid_contact")])

    static let socialActivity = EntityMetadata(
        logicalName: "socialactivity", entitySetName: "socialactivities", primaryIdAttribute: "activityid", primaryNameAttribute: "subject",
        attributes: [
            attribute("activityid", "Uniqueidentifier", .systemRequired), attribute("ownerid", "Owner", .systemRequired),
            attribute("subject", length: 200), attribute("description", "Memo", length: 2000), attribute("posturl", length: 200),
            attribute("postid", length: 160), attribute("postedon", "DateTime"), attribute("postmessagetype", "Picklist"),
            attribute("community", "Picklist"), attribute("sentimentvalue", "Double"), attribute("directioncode", "Boolean"),
            attribute("activityadditionalparams", "Memo", length: 8192), attribute("regardingobjectid", "Lookup"),
            attribute("postfromprofileid", "Lookup"), attribute("postauthor", "Lookup"),
            attribute("postauthoraccount", "Lookup", .applicationRequired),
        ],
        manyToOne: [
            relationship("Incident_SocialActivities", "regardingobjectid", to: "incident", "regardingobjectid_incident_socialactivity"),
            relationship("Lead_SocialActivities", "regardingobjectid", to: "lead", "regardingobjectid_lead_socialactivity"),
            relationship("Socialprofile_SocialActivities", "postfromprofileid", to: "socialprofile", "postfromprofileid"),
            relationship("socialactivity_postauthor_contacts", "postauthor", to: "contact", "postauthor_contact"),
            relationship("socialactivity_postauthoraccount_contacts", "postauthoraccount", to: "contact", "postauthoraccount_contact"),
            relationship("socialactivity_postauthor_accounts", "postauthor", to: "account", "postauthor_account"),
        ])

    static func tables(record: EntityMetadata = incident) -> CreationTables {
        CreationTables(contact: contact, socialProfile: socialProfile, record: record, socialActivity: socialActivity, account: account)
    }

    static let ids = CreationIDs(
        contactID: "CCCCCCCC-0000-0000-0000-000000000004", profileID: "AAAAAAAA-0000-0000-0000-000000000001",
        recordID: "aaaaaaaa-0000-0000-0000-000000000002", activityID: "aaaaaaaa-0000-0000-0000-000000000003")

    static func post(text: String = "Line one\nline two", author: String = "@alice", tags: [String] = ["billing", "urgent"], url: String = "https://twitter.com/a/status/1") -> Post {
        Post(
            id: "post-1", url: url, author: author, authorURL: "https://twitter.com/alice", text: text, sentiment: .negative,
            tags: tags, source: .twitter, publishedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }
}
