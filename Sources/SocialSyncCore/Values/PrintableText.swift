/// A refused value as an error message may quote it: control characters (a newline, an
/// escape sequence) become `?`, so a crafted value cannot forge lines on a terminal or in a log.
enum PrintableText {
    static func shown(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
