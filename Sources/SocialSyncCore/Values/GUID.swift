/// Dataverse row ids: GUIDs in the 8-4-4-4-12 hex form, compared lower-cased.
public enum GUID {
    /// Exactly 36 ASCII bytes, hyphens at 8, 13, 18 and 23, hex digits elsewhere. Read as
    /// bytes, not `Character`s: a full verification checks every id of every batch, and
    /// `Character.isHexDigit` would also take fullwidth digits (U+FF10…), which are no GUID.
    public static func isValid(_ text: String) -> Bool {
        var position = 0
        for byte in text.utf8 {
            switch position {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return false }
            case 36:
                return false
            default:
                guard isHexDigit(byte) else { return false }
            }
            position += 1
        }
        return position == 36
    }

    /// 0-9, a-f, A-F.
    public static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }
}
