/// One line of an import file as text, refused unless it is valid UTF-8: decoding with
/// replacement would store U+FFFD in place of what the file held, and the post would be
/// sent to Dynamics 365 altered, with nothing to say so.
public enum UTF8Line {
    public static func decode(_ bytes: some Collection<UInt8>, line: Int) throws(ImportError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw ImportError(line: line, problem: "not valid UTF-8 (first bad byte at byte \(firstInvalidOffset(bytes) + 1) of the line)")
    }

    /// 0-based offset of the first byte that starts no valid UTF-8 sequence.
    static func firstInvalidOffset(_ bytes: some Collection<UInt8>) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }
}
