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

    /// B6: which host and case Dataverse writes into links is not documented; scheme, host and
    /// port compare case-insensitively, and so does the base's path.
    @Test func r20_linksAreComparedWithTheBaseWithoutRegardToCase() {
        let link = "https://contoso.crm.dynamics.com/api/data/v9.2/incidents?$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44"
        for base in [
            "https://Contoso.CRM.dynamics.com/api/data/v9.2/", "HTTPS://CONTOSO.CRM.DYNAMICS.COM/API/DATA/V9.2/",
            "https://contoso.crm.dynamics.com:443/api/data/v9.2/",
        ] {
            #expect(NextLink.url(link, under: URL(string: base)!)?.absoluteString == link, "\(base)")
        }
        let typed = "HTTPS://CONTOSO.crm.dynamics.com:443/API/data/v9.2/incidents?$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E"
        #expect(NextLink.url(typed, under: Self.base)?.absoluteString == typed, "followed unchanged")
        for foreign in [
            "https://user@contoso.crm.dynamics.com/api/data/v9.2/incidents",
            "https://contoso.crm.dynamics.com/api/data/v9.21/incidents",
            "https://contoso.crm.dynamics.com:80/api/data/v9.2/incidents",
            "https://CONTOSO.crm.dynamics.com/api/data/v9.2/incidents?$skiptoken=a b",
        ] {
            #expect(NextLink.url(foreign, under: Self.base) == nil, "\(foreign)")
        }
    }

    /// B4: "An empty JSON response is returned if no table changes have occurred" (PA change
    /// tracking page), in a shape that is not documented: each candidate reads as "no changes".
    @Test func r20_aDeltaAnswerWithoutChangesIsReadable() {
        let context = #""@odata.context":"https://contoso.crm.dynamics.com/api/data/v9.2/$metadata#incidents(incidentid)/$delta""#
        let delta = #""@odata.deltaLink":"https://contoso.crm.dynamics.com/api/data/v9.2/incidents?$select=incidentid&$deltatoken=1%212""#
        for body in ["", " \r\n", "{}", "{\(context)}", "{\(context),\"value\":[]}", "{\(context),\"value\":[],\(delta)}"] {
            let page = DeltaPage.decode(Data(body.utf8), key: "incidentid")
            #expect(page != nil && page?.ids == [] && page?.nextLink == nil, "\(body)")
        }
        #expect(DeltaPage.decode(Data("{\(context),\"value\":[],\(delta)}".utf8), key: "incidentid")?.deltaLink != nil)
        for body in ["[]", "null", #"{"unexpected":true}"#, #"{"value":3}"#, #"{"value":[{"#, #"{"value":[{"title":"no key"}]}"#] {
            #expect(DeltaPage.decode(Data(body.utf8), key: "incidentid") == nil, "\(body)")
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
