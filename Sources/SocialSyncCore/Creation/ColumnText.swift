/// Fits text into a Dataverse string column.
///
/// Dataverse column lengths count UTF-16 code units (.NET strings); cutting on a character
/// boundary never splits a surrogate pair or a combined character.
public enum ColumnText {
    public static func truncated(_ text: String, maxLength: Int) -> String {
        guard text.utf16.count > maxLength else { return text }
        var length = 0
        var result = ""
        for character in text {
            length += character.utf16.count
            guard length <= maxLength else { break }
            result.append(character)
        }
        return result
    }
}
