/// DICOM text values (LO, SH, PN, ST, LT, UC, UT) decoded by the file's Specific Character Set
/// into text that is safe to show: every escape sequence is consumed, never printed; a control
/// byte becomes `?`; a byte or code the set does not define becomes U+FFFD.
///
/// ISO 2022 code extensions (PS3.5 6.1.2.5) are followed with a table-driven switcher
/// (`DICOMCharacterSet.escapes`): G0 and G1 start as value 1 of (0008,0005) says, an escape
/// sequence designates another set into one of them, and both return to the start at a `\`
/// between values, at a control character, and in a person name at each `^` and `=`.
package enum DICOMText {
    /// `bytes` of one element (all its values) as text; `personName` for PN, whose `^` and `=`
    /// also reset the code elements. `characterSet` is (0008,0005) as written, e.g.
    /// `\ISO 2022 IR 87`; empty when the file has none.
    package static func decode(_ bytes: [UInt8], characterSet: String, personName: Bool = false) -> String {
        let set = DICOMCharacterSet(characterSet)
        if let whole = set.wholeValue {
            let text = whole.decode(bytes) ?? decodeISO2022(bytes, set: DICOMCharacterSet(""), personName: personName)
            return String(String.UnicodeScalarView(text.unicodeScalars.map(shown)))
        }
        return decodeISO2022(bytes, set: set, personName: personName)
    }

    static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// A decoded scalar as it may be shown: controls (C0, DEL, C1) become `?`.
    static func shown(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar
    }

    private static func decodeISO2022(_ bytes: [UInt8], set: DICOMCharacterSet, personName: Bool) -> String {
        var g0 = set.initialG0, g1 = set.initialG1
        var out = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x1B:
                if let (length, register, element) = escape(in: bytes, at: i) {
                    if register == .g0 { g0 = element } else { g1 = element }
                    i += length
                } else {
                    out.append(replacement)
                    i = endOfUnknownEscape(in: bytes, at: i)
                }
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                // CR, LF, FF, TAB and the rest; C1 (including the single shifts) is not used in DICOM.
                out.append("?")
                (g0, g1) = (set.initialG0, set.initialG1)
                i += 1
            case 0x20:
                out.append(" ")  // SPACE in every G0 set
                i += 1
            case 0x21..<0x7F:
                if g0.bytesPerCharacter == 2 {
                    let pair = i + 1 < bytes.count && (0x21..<0x7F).contains(bytes[i + 1])
                    out.append(pair ? g0.character(b, bytes[i + 1]) ?? replacement : replacement)
                    i += pair ? 2 : 1
                } else {
                    out.append(g0 == .jisRoman ? jisRoman(b) : Unicode.Scalar(b))
                    i += 1
                    if b == 0x5C || (personName && (b == 0x5E || b == 0x3D)) { (g0, g1) = (set.initialG0, set.initialG1) }
                }
            default:  // 0xA0...0xFF: G1
                switch g1 {
                case .upperHalf(let table)?:
                    out.append(table.scalar(b))
                    i += 1
                case .jisKatakana?:
                    out.append((0xA1...0xDF).contains(b) ? Unicode.Scalar(0xFF61 + UInt32(b) - 0xA1)! : replacement)
                    i += 1
                case let element? where element.bytesPerCharacter == 2:
                    let pair = (0xA1..<0xFF).contains(b) && i + 1 < bytes.count && (0xA1..<0xFF).contains(bytes[i + 1])
                    out.append(pair ? element.character(b & 0x7F, bytes[i + 1] & 0x7F) ?? replacement : replacement)
                    i += pair ? 2 : 1
                default:
                    if set.isUndeclared, let (scalar, length) = utf8Scalar(in: bytes, at: i) {
                        out.append(shown(scalar))
                        i += length
                    } else {
                        out.append(replacement)
                        i += 1
                    }
                }
            }
        }
        return String(out)
    }

    /// The known escape sequence starting at `at` (an ESC): its length with ESC, and what it designates.
    private static func escape(in bytes: [UInt8], at: Int)
        -> (length: Int, register: DICOMCharacterSet.Register, element: DICOMCharacterSet.CodeElement)? {
        for e in DICOMCharacterSet.escapes {
            let end = at + 1 + e.sequence.count
            if end <= bytes.count && bytes[(at + 1)..<end].elementsEqual(e.sequence) {
                return (1 + e.sequence.count, e.register, e.element)
            }
        }
        return nil
    }

    /// Just past an unknown escape sequence at `at`: ESC, its intermediate bytes (0x20...0x2F)
    /// and one final byte (0x30...0x7E) when present.
    private static func endOfUnknownEscape(in bytes: [UInt8], at: Int) -> Int {
        var j = at + 1
        while j < bytes.count && (0x20...0x2F).contains(bytes[j]) { j += 1 }
        if j < bytes.count && (0x30...0x7E).contains(bytes[j]) { j += 1 }
        return j
    }

    /// JIS X 0201 Romaji: ASCII but for the yen sign at 0x5C and the overline at 0x7E.
    private static func jisRoman(_ b: UInt8) -> Unicode.Scalar {
        switch b {
        case 0x5C: "\u{A5}"
        case 0x7E: "\u{203E}"
        default: Unicode.Scalar(b)
        }
    }

    /// One well-formed UTF-8 sequence of 2...4 bytes at `at`, or nil.
    private static func utf8Scalar(in bytes: [UInt8], at: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[at]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
        guard length > 0, at + length <= bytes.count else { return nil }
        var decoder = UTF8()
        var iterator = bytes[at..<(at + length)].makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator), iterator.next() == nil else { return nil }
        return (scalar, length)
    }
}
