import Foundation
import SocialSyncCore
import Testing

/// Inputs the fuzzers of Tests/Fuzz found, kept as tests (the inputs themselves are also
/// in Tests/Fuzz/Seeds, so every fuzz run starts from them).
@Suite struct FuzzRegressionTests {
    /// VerdictClassifierFuzz: an error body's free fields went whole into the evidence's
    /// detail, which becomes a log line and the outbox's last error. A token endpoint
    /// answering `error_codes` with hundreds of numbers, or a Web API error with a huge
    /// `code`, made a line of any length.
    @Test(arguments: [
        (417, #"{"error_codes":[\#(Array(repeating: "7000215", count: 400).joined(separator: ","))]}"#),
        (401, #"{"error":"\#(String(repeating: "invalid_client", count: 200))","error_codes":[7000215]}"#),
        (400, #"{"error":{"code":"\#(String(repeating: "0x80040216", count: 300))","message":"bad"}}"#),
        (503, #"{"error":{"code":"\#(String(repeating: "0x80040216", count: 300))","message":"down"}}"#),
    ])
    func errorBodiesGiveBoundedDetails(status: Int, body: String) {
        let summary = ExchangeSummary.answered(status: status, retryAfter: nil, contentType: "application/json", body: Data(body.utf8))
        for classification in [VerdictClassifier.classify(summary), TokenEndpointClassifier.classify(summary)] {
            guard case .failure(let evidence) = classification else {
                Issue.record("HTTP \(status) classified as a success")
                continue
            }
            #expect(evidence.detail.count < 1000, "a detail of \(evidence.detail.count) characters")
        }
    }
}
