import Foundation
import Testing
import SocialSyncCore

/// Administrator and user actions (R1-R3, R6-R9) at the level of the core's guards.
@Suite struct AdministrationTests {
    typealias F = Fixtures

    @Test func r1_organizationIdIsLearnedOnceAndAMismatchIsFlagged() {
        #expect(OrganizationIdentity.reconcile(known: nil, observed: "AAAA") == .init(organizationID: "aaaa", mismatch: false, isFirstSighting: true))
        #expect(OrganizationIdentity.reconcile(known: nil, observed: nil) == .init(organizationID: nil, mismatch: false))
        #expect(OrganizationIdentity.reconcile(known: "aaaa", observed: "AAAA") == .init(organizationID: "aaaa", mismatch: false))
        #expect(OrganizationIdentity.reconcile(known: "aaaa", observed: "bbbb") == .init(organizationID: "aaaa", mismatch: true))
        #expect(OrganizationIdentity.reconcile(known: "aaaa", observed: nil) == .init(organizationID: "aaaa", mismatch: false))
    }

    @Test func r2_defaultIsUsedWhenNoInstanceIsNamedAndMustAcceptLinks() throws {
        let instances = [F.instance("a"), F.instance("b", isDefault: true)]
        #expect(try InstanceGuards.targetForNewLink(named: nil, among: instances).id == "b")
        #expect(try InstanceGuards.targetForNewLink(named: "a", among: instances).id == "a")
        #expect(throws: AdministrationError.noDefaultInstance) {
            try InstanceGuards.targetForNewLink(named: nil, among: [F.instance("a")])
        }
        #expect(throws: AdministrationError.instanceNotAcceptingLinks("a", why: "it is disabled")) {
            try InstanceGuards.checkAcceptsNewLinks(F.instance("a", enabled: false))
        }
        #expect(throws: AdministrationError.instanceNotAcceptingLinks("a", why: "it is deleted")) {
            try InstanceGuards.checkAcceptsNewLinks(F.instance("a", deleted: true))
        }
    }

    @Test func r3_disabledInstanceIsNotOfferedForNewLinks() {
        #expect(throws: AdministrationError.instanceNotAcceptingLinks("a", why: "it is disabled")) {
            try InstanceGuards.targetForNewLink(named: "a", among: [F.instance("a", enabled: false)])
        }
        #expect(throws: AdministrationError.unknownInstance("zzz")) {
            try InstanceGuards.targetForNewLink(named: "zzz", among: [F.instance("a")])
        }
    }

    @Test func r5_deletionCancelsPendingCreations() {
        #expect(InstanceStatusRules.effect(on: F.link(.pending), of: .deleted) == .transition(Transition(to: .removed, reason: .instanceDeleted)))
    }

    @Test func r6_activeRulesBlockDisableAndDeleteAndAreNamed() throws {
        let target = F.instance("a")
        let rules = [
            AutomationRule(id: "r2", instanceID: "a"), AutomationRule(id: "r1", instanceID: "a"),
            AutomationRule(id: "r3", instanceID: "a", isActive: false), AutomationRule(id: "r4", instanceID: "b"),
        ]
        let error = AdministrationError.blockedByActiveRules(action: "disable", instance: "a", rules: ["r1", "r2"])
        #expect(throws: error) { try InstanceGuards.checkNoActiveRules(action: "disable", instance: target, rules: rules) }
        #expect(error.description.contains("r1, r2"))
        try InstanceGuards.checkNoActiveRules(action: "delete", instance: target, rules: rules.filter { $0.instanceID != "a" || !$0.isActive })
    }

    @Test func r7_unlinkFreesThePostAndRefusesFinalLinks() throws {
        for state in [LinkState.pending, .active, .errored] {
            #expect(try UserActions.unlink(F.link(state)) == Transition(to: .unlinked, reason: .unlinkedByUser))
        }
        #expect(throws: AdministrationError.noCurrentLink(post: "p1")) { try UserActions.unlink(F.link(.broken)) }
    }

    @Test func r8_onlyAvailablePostsCanBeLinkedAndCreationConfirmsPending() throws {
        try InstanceGuards.checkAvailable(post: "p1", currentLink: nil)
        #expect(throws: AdministrationError.postNotAvailable(post: "p1", state: .errored, instance: "contoso")) {
            try InstanceGuards.checkAvailable(post: "p1", currentLink: F.link(.errored, .instanceDown))
        }
        #expect(CreationRules.effect(on: F.link(.pending), outcome: .confirmed) == .transition(Transition(to: .active, reason: .created)))
        #expect(CreationRules.effect(on: F.link(.pending), outcome: .retryLater("503")) == .keep)
        #expect(CreationRules.effect(on: F.link(.pending), outcome: .rejected("400")) == .transition(Transition(to: .failed, reason: .creationRejected)))
    }

    @Test func r9_reassociationMatchesByOrganizationIdThenByURL() {
        let deleted = F.instance("old", deleted: true, url: "https://contoso.crm4.dynamics.com/", organizationID: "ORG-1")
        #expect(Reassociation.isSameOrganization(url: URL(string: "https://elsewhere.example")!, organizationID: "org-1", as: deleted))
        #expect(!Reassociation.isSameOrganization(url: URL(string: "https://contoso.crm4.dynamics.com")!, organizationID: "org-2", as: deleted))
        #expect(Reassociation.isSameOrganization(url: URL(string: "https://CONTOSO.crm4.dynamics.com")!, organizationID: nil, as: deleted))
        #expect(!Reassociation.isSameOrganization(url: deleted.url, organizationID: nil, as: F.instance("live", url: deleted.url.absoluteString)))
    }
}

/// R4's fallback: the documented names of standard tables, and nothing for the others.
@Suite struct DocumentedMetadataTests {
    @Test func r4_standardTablesHaveTheirDocumentedNames() {
        #expect(EntityMetadata.documented("Incident") == EntityMetadata(logicalName: "incident", entitySetName: "incidents", primaryIdAttribute: "incidentid", primaryNameAttribute: "title"))
        #expect(EntityMetadata.documented("socialactivity")?.entitySetName == "socialactivities")
        #expect(EntityMetadata.documented("lead")?.primaryIdAttribute == "leadid")
        #expect(EntityMetadata.documented("new_customtable") == nil)
    }
}
