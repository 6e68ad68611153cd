import Foundation
@testable import Dataverse
import Testing

/// The pure readers of Web API answers that decide what a later request may contain:
/// where a next or delta link may lead, and which metadata names may enter a URL.
@Suite struct ODataAnswerTests {
    static let base = URL(string: "https://contoso.crm.dynamics.com/api/data/v9.2/")!

    @Test func aNextLinkIsFollowedOnlyUnderTheInstancesOwnAPI() {
        let page2 = "https://contoso.crm.dynamics.com/api/data/v9.2/incidents?$select=incidentid&$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E"
        #expect(NextLink.url(page2, under: Self.base)?.absoluteString == page2, "followed unchanged")
        #expect(NextLink.url("HTTPS://CONTOSO.crm.dynamics.com/api/data/v9.2/x", under: Self.base) == nil, "the prefix is compared as sent")
        for foreign in [
            "https://fabrikam.crm.dynamics.com/api/data/v9.2/incidents",
            "https://contoso.crm.dynamics.com.evil.example/api/data/v9.2/incidents",
            "https://contoso.crm.dynamics.com:8443/api/data/v9.2/incidents",
            "http://contoso.crm.dynamics.com/api/data/v9.2/incidents",
            "https://contoso.crm.dynamics.com/api/data/v9.1/incidents",
            "/api/data/v9.2/incidents",
            "https://contoso.crm.dynamics.com/api/data/v9.2/incidents?$skiptoken=a b",
            "https://contoso.crm.dynamics.com/api/data/v9.2/\0incidents",
            "",
        ] {
            #expect(NextLink.url(foreign, under: Self.base) == nil, "\(foreign)")
        }
    }

    @Test func metadataNamesMustBeODataIdentifiers() {
        let good: [String: Any] = ["LogicalName": "new_widget", "EntitySetName": "new_widgets", "PrimaryIdAttribute": "new_widgetid"]
        #expect(EntityDefinitionAnswer.metadata(good)?.entitySetName == "new_widgets")
        for (key, value) in [
            ("EntitySetName", "incidents?$filter=x"), ("EntitySetName", "../accounts"), ("EntitySetName", "in cidents"),
            ("PrimaryIdAttribute", "incidentid,title"), ("PrimaryIdAttribute", "1id"), ("LogicalName", "Incident"),
            ("EntitySetName", String(repeating: "a", count: 129)), ("EntitySetName", "incidénts"), ("EntitySetName", ""),
        ] {
            var answer = good
            answer[key] = value
            #expect(EntityDefinitionAnswer.metadata(answer) == nil, "\(key)=\(value)")
        }
        #expect(EntityDefinitionAnswer.metadata(["LogicalName": "incident", "EntitySetName": "incidents"]) == nil)
        #expect(ODataIdentifier.isValid("_x9") && ODataIdentifier.isValid("Incidents") && !ODataIdentifier.isLogicalName("Incidents"))
    }

    @Test func probeAnswersAreReadOnlyWhenTheyHaveTheirShape() {
        #expect(ProbeAnswers.organizationID(["OrganizationId": "0F8FAD5B-D9CB-469F-A165-70867728950E"]) == "0f8fad5b-d9cb-469f-a165-70867728950e")
        #expect(ProbeAnswers.organizationID(["OrganizationId": "not-a-guid"]) == nil)
        #expect(ProbeAnswers.organizationID(["OrganizationId": 7]) == nil)
        #expect(ProbeAnswers.languageCode(["value": [["languagecode": 1033]]]) == 1033)
        #expect(ProbeAnswers.languageCode(["value": []]) == nil)
    }
}
