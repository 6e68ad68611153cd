import Foundation
import SocialSyncCore
import Testing

/// The stored form of instance URLs (docs/dataverse.md review B6): links Dataverse writes with the
/// organization's own host match the URL whatever case and port the operator typed.
@Suite struct InstanceURLTests {
    @Test(arguments: [
        ("https://contoso.crm.dynamics.com", "https://contoso.crm.dynamics.com"),
        ("HTTPS://Contoso.CRM.Dynamics.com", "https://contoso.crm.dynamics.com"),
        ("https://contoso.crm.dynamics.com/", "https://contoso.crm.dynamics.com"),
        ("https://Contoso.crm.dynamics.com:443//", "https://contoso.crm.dynamics.com"),
        ("https://contoso.crm.dynamics.com:8443", "https://contoso.crm.dynamics.com:8443"),
        ("HTTP://LocalHost:80/Org1/", "http://localhost/Org1"),
        ("http://127.0.0.1:8080/org1", "http://127.0.0.1:8080/org1"),
        ("http://[::1]:8080/org1/", "http://[::1]:8080/org1"),
        ("https://server.example.com/OnPremOrg", "https://server.example.com/OnPremOrg"),
    ])
    func r1_instanceURLsAreStoredInOneForm(typed: String, stored: String) throws {
        #expect(try InstanceURL.normalized(typed).absoluteString == stored)
        #expect(try InstanceURL.normalized(stored).absoluteString == stored, "normalising twice changes nothing")
    }

    @Test func r1_aQueryOrFragmentOrRelativeURLIsRefused() {
        #expect(throws: InstanceURL.Problem.hasQuery) { try InstanceURL.normalized("https://contoso.crm.dynamics.com/?x=1") }
        #expect(throws: InstanceURL.Problem.hasQuery) { try InstanceURL.normalized("https://contoso.crm.dynamics.com?") }
        #expect(throws: InstanceURL.Problem.hasFragment) { try InstanceURL.normalized("https://contoso.crm.dynamics.com#main") }
        for text in ["contoso.crm.dynamics.com", "/api/data/v9.2", "", "https://"] {
            #expect(throws: InstanceURL.Problem.notAbsolute, "\(text)") { try InstanceURL.normalized(text) }
        }
    }

    /// Each of these was accepted and failed later as a misleading "unauthorized: invalid_scope".
    @Test func aURLWithUserInfoABadPortAPathOrAnotherSchemeIsRefused() throws {
        let refused: [(String, InstanceURL.Problem)] = [
            ("https://contoso.crm.dynamics.com:99999", .portOutOfRange), ("https://contoso.crm.dynamics.com:0", .portOutOfRange),
            ("https://admin:secret@contoso.crm.dynamics.com", .hasUserInfo), ("https://admin@contoso.crm.dynamics.com", .hasUserInfo),
            ("https://contoso.crm.dynamics.com/api/data/v9.2", .unsupportedPath), ("https://contoso.crm.dynamics.com/..", .unsupportedPath),
            ("https://contoso.crm.dynamics.com/org%2F1", .unsupportedPath), ("ftp://contoso.crm.dynamics.com", .unsupportedScheme),
        ]
        for (text, problem) in refused {
            #expect(throws: problem, "\(text)") { try InstanceURL.normalized(text) }
        }
        #expect(try InstanceURL.normalized("https://contoso.crm.dynamics.com:65535").port == 65535)
    }

    @Test func aURLIsShownWithoutWhatMayCarryASecret() {
        #expect(InstanceURL.shown("https://admin:secret@Contoso.crm.dynamics.com:8443/org?token=x#y") == "https://Contoso.crm.dynamics.com:8443/org")
    }
}
