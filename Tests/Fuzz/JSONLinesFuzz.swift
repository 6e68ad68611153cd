// libFuzzer target: the JSON Lines decoders of `posts import` and `links import`
// (Sources/SocialSyncCore/Import), compiled with the SocialSyncCore sources by
// scripts/fuzz.sh. Each line decodes to a value or a typed ImportError naming its line.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        do {
            let post = try PostLineDecoder.decode(line, line: index + 1)
            precondition(!post.id.isEmpty, "a post without an id")
        } catch {
            precondition(error.line == index + 1, "error names line \(error.line), not \(index + 1)")
        }
        do {
            let link = try LinkLineDecoder.decode(line, line: index + 1)
            precondition(!link.postID.isEmpty && !link.instanceID.isEmpty, "a link without a post or instance")
        } catch {
            precondition(error.line == index + 1, "error names line \(error.line), not \(index + 1)")
        }
    }
    return 0
}
