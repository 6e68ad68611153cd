// libFuzzer target: the classification of Dataverse and token endpoint answers
// (Sources/SocialSyncCore/Classification: status, Retry-After, content type and error
// bodies), compiled with the SocialSyncCore sources by scripts/fuzz.sh. The first bytes
// choose the status, the Retry-After value and the content type; the rest is the body.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVerdictClassifier(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard bytes.count >= 4 else { return 0 }
    let status = 100 + (Int(bytes[0]) << 8 | Int(bytes[1])) % 500
    let retryAfter = bytes[2] & 1 == 0 ? nil : String(decoding: bytes.dropFirst(4).prefix(Int(bytes[2] >> 1) % 16), as: UTF8.self)
    let contentType = ["application/json", "text/html; charset=utf-8", "text/plain", nil][Int(bytes[3]) % 4]
    let body = Data(bytes.dropFirst(4))
    let summary = ExchangeSummary.answered(status: status, retryAfter: retryAfter, contentType: contentType, body: body)
    for classification in [VerdictClassifier.classify(summary), TokenEndpointClassifier.classify(summary)] {
        if case .failure(let evidence) = classification {
            precondition(evidence.detail.count < 1000, "a detail line of \(evidence.detail.count) characters")
            if let seconds = evidence.retryAfterSeconds { precondition(seconds >= 0 && seconds.isFinite, "Retry-After \(seconds)") }
        }
    }
    _ = DataverseErrorBody.parse(body)
    _ = RetryAfter.seconds(retryAfter)
    return 0
}
