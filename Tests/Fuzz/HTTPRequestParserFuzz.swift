// libFuzzer target: the health endpoint's and the simulator's HTTP/1.1 request parser
// (Sources/HTTPServer/HTTPRequestParser.swift), compiled with the HTTPServer sources by
// scripts/fuzz.sh. Any crash, trap or hang here is a request that could take the
// endpoint down; the checks below are the parser's own promises.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPParseLimits(maxHeaderBytes: 8 * 1024, maxBodyBytes: 64 * 1024)
    switch parseHTTPRequest(bytes[...], limits: limits) {
    case .complete(_, let consumed):
        precondition(consumed > 0 && consumed <= bytes.count, "consumed \(consumed) of \(bytes.count) bytes")
        // Pipelining: whatever follows must parse without trapping too.
        _ = parseHTTPRequest(bytes[consumed...], limits: limits)
    case .awaitingBody(let total, _):
        precondition(total > bytes.count && total <= bytes.count + limits.maxBodyBytes + limits.maxHeaderBytes, "awaiting \(total) with \(bytes.count)")
    case .needMoreBytes, .failure:
        break
    }
    return 0
}
