import HTTPServer

/// A Dataverse row id held as two integers: hashing and comparing 16 bytes inline is what
/// lets a million rows answer a 5000-id read in milliseconds. Ordered like its lower-case
/// text, which is the order pages come back in.
public struct GUID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, either case; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var digitCount = 0
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let value = PercentEncoding.hexValue(byte) else { return nil }
            if digitCount < 16 {
                high = high << 4 | UInt64(value)
            } else {
                low = low << 4 | UInt64(value)
            }
            digitCount += 1
        }
        self.init(high: high, low: low)
    }

    /// Ids for generated data: `<kind>-0000-4000-8000-<index as 12 hex digits>`, so anyone can
    /// recompute the id of row `index` (see `GeneratedData`).
    public init(kind: UInt32, index: UInt64) {
        self.init(high: UInt64(kind) << 32 | 0x0000_4000, low: 0x8000_0000_0000_0000 | (index & 0xFFFF_FFFF_FFFF))
    }

    /// Lower-case 8-4-4-4-12 text, written digit by digit: pages of thousands of rows
    /// format an id per row.
    public var description: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            for (word, shifts) in [(high, 0..<16), (low, 16..<32)] {
                for digit in shifts {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        buffer[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let nibble = Int(word >> UInt64(60 - (digit % 16) * 4) & 0xF)
                    buffer[position] = digits.utf8Start[nibble]
                    position += 1
                }
            }
            return 36
        }
    }

    public static func < (left: GUID, right: GUID) -> Bool {
        (left.high, left.low) < (right.high, right.low)
    }
}

extension GUID {
    /// A stable id derived from a name (FNV-1a), for organizations created without one.
    init(derivedFrom name: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        self.init(high: hash & 0xFFFF_FFFF_FFFF_0FFF | 0x4000, low: (hash &* 31) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000)
    }
}
