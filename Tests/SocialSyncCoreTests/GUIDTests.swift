import SocialSyncCore
import Testing

/// What counts as a Dataverse row id: only such ids are ever put in a request's filter.
@Suite struct GUIDTests {
    @Test func theCanonicalFormInEitherCaseIsAGUID() {
        #expect(GUID.isValid("0f8fad5b-d9cb-469f-a165-70867728950e"))
        #expect(GUID.isValid("0F8FAD5B-D9CB-469F-A165-70867728950E"))
    }

    @Test(arguments: [
        "", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5b-d9cb-469f-a165-70867728950e0",
        "0f8fad5bd9cb-469f-a165-70867728950e-", "0f8fad5b-d9cb-469f-a165-70867728950g", "{0f8fad5b-d9cb-469f-a165-70867728950e}",
        "0f8fad5b-d9cb-469f-a165-70867728950e ", "0f8fad5b_d9cb_469f_a165_70867728950e",
        // Fullwidth digits are hex digits to `Character.isHexDigit`, not to Dataverse.
        "\u{FF10}f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-7086772895\u{FF45}",
        "0f8fad5b-d9cb-469f-a165-70867728950é",
    ])
    func anythingElseIsNot(_ text: String) {
        #expect(!GUID.isValid(text))
    }
}
