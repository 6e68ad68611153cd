import SocialSyncCore
import Testing

/// The documented syntax of instance ids and table logical names (interface.md "Inputs").
@Suite struct InputSyntaxTests {
    @Test func instanceIDs() {
        for valid in ["org1", "Contoso-EU.prod_2", "7", String(repeating: "o", count: 64)] {
            #expect(InstanceID.problem(valid) == nil, "\(valid)")
        }
        for invalid in ["", "org\n1", "org\"1", "../org1", "org..1", "-org1", ".org1", "org 1", "org/1", "orgé", String(repeating: "o", count: 65)] {
            #expect(InstanceID.problem(invalid) != nil, "\(invalid)")
        }
    }

    @Test func aRefusedValueIsQuotedWithoutItsControlCharacters() {
        #expect(InstanceID.problem("org\n1\u{1B}[2J")?.contains("'org?1?[2J'") == true)
        #expect(InstanceID.problem(String(repeating: "o", count: 5_000))?.contains("5000 bytes") == true, "a long value is measured, not repeated")
    }

    @Test func entityLogicalNames() {
        for valid in ["incident", "lead", "new_project2", "msdyn_paneconfiguration", String(repeating: "a", count: 128)] {
            #expect(EntityLogicalName.problem(valid) == nil, "\(valid)")
        }
        for invalid in ["", "Incident", "in cident/../x", "1ncident", "_incident", "incident-x", "incidént", String(repeating: "a", count: 129)] {
            #expect(EntityLogicalName.problem(invalid) != nil, "\(invalid)")
        }
    }
}
