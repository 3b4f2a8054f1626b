/// What a DICOM file's Specific Character Set (0008,0005) says about its text bytes (PS3.3
/// C.12.1.1.2, PS3.5 6.1): the code elements in force at the start of every value and after
/// each delimiter, or a whole-value encoding (UTF-8, GB18030) that has no code extensions.
///
/// ISO 2022 keeps two registers: G0 reads the bytes 0x21...0x7E (GL), G1 the bytes
/// 0xA0...0xFF (GR). An escape sequence (`Self.escapes`) designates a code element into one
/// of them; `DICOMText` does the switching.
struct DICOMCharacterSet: Equatable, Sendable {
    /// One graphic character set an escape sequence can designate.
    enum CodeElement: Equatable, Sendable {
        /// ISO-IR 6, ASCII (G0).
        case ascii
        /// ISO-IR 14, JIS X 0201 Romaji (G0): ASCII with ¥ for 0x5C and ‾ for 0x7E.
        case jisRoman
        /// ISO-IR 13, JIS X 0201 Katakana (G1): 0xA1...0xDF, half-width katakana.
        case jisKatakana
        /// The right half of an ISO 8859 part or TIS 620 (G1): one table of 96 (`SingleByteTable`).
        case upperHalf(SingleByteTable)
        /// ISO-IR 87, JIS X 0208 kanji and kana (G0, two bytes).
        case jisX0208
        /// ISO-IR 159, JIS X 0212 supplementary kanji (G0, two bytes).
        case jisX0212
        /// ISO-IR 149, KS X 1001 Hangul and Hanja (G1, two bytes).
        case ksX1001
        /// ISO-IR 58, GB 2312 simplified Chinese (G1, two bytes).
        case gb2312

        /// Bytes per character: 2 for the kanji, hangul and hanzi sets, else 1.
        var bytesPerCharacter: Int {
            switch self {
            case .jisX0208, .jisX0212, .ksX1001, .gb2312: 2
            default: 1
            }
        }
    }

    /// The register an escape sequence designates into.
    enum Register: Sendable { case g0, g1 }

    /// Encodings that cover a whole value without escape sequences.
    enum WholeValue: Equatable, Sendable {
        /// ISO_IR 192.
        case utf8
        /// GB18030, and GBK (a subset of it).
        case gb18030
    }

    /// One defined term: its names (with and without code extensions) and what it designates.
    struct Term: Sendable {
        var names: [String]
        /// Escape sequences (ESC excluded) and what each designates; the first is the term's own.
        var designations: [(sequence: [UInt8], register: Register, element: CodeElement)]
    }

    /// Every defined term of PS3.3 Tables C.12-2 to C.12-4 with its escape sequences (PS3.3
    /// C.12-3/C.12-4): ESC ( F designates a 94-set into G0, ESC ) F a 94-set into G1, ESC - F a
    /// 96-set into G1, ESC $ F / ESC $ ( F a two-byte set into G0, ESC $ ) F one into G1.
    static let terms: [Term] = [
        Term(names: ["ISO 2022 IR 6", "ISO_IR 6"], designations: [(Array("(B".utf8), .g0, .ascii)]),
        Term(names: ["ISO 2022 IR 100", "ISO_IR 100"], designations: [(Array("-A".utf8), .g1, .upperHalf(.latin1))]),
        Term(names: ["ISO 2022 IR 101", "ISO_IR 101"], designations: [(Array("-B".utf8), .g1, .upperHalf(.latin2))]),
        Term(names: ["ISO 2022 IR 109", "ISO_IR 109"], designations: [(Array("-C".utf8), .g1, .upperHalf(.latin3))]),
        Term(names: ["ISO 2022 IR 110", "ISO_IR 110"], designations: [(Array("-D".utf8), .g1, .upperHalf(.latin4))]),
        Term(names: ["ISO 2022 IR 144", "ISO_IR 144"], designations: [(Array("-L".utf8), .g1, .upperHalf(.cyrillic))]),
        Term(names: ["ISO 2022 IR 127", "ISO_IR 127"], designations: [(Array("-G".utf8), .g1, .upperHalf(.arabic))]),
        Term(names: ["ISO 2022 IR 126", "ISO_IR 126"], designations: [(Array("-F".utf8), .g1, .upperHalf(.greek))]),
        Term(names: ["ISO 2022 IR 138", "ISO_IR 138"], designations: [(Array("-H".utf8), .g1, .upperHalf(.hebrew))]),
        Term(names: ["ISO 2022 IR 148", "ISO_IR 148"], designations: [(Array("-M".utf8), .g1, .upperHalf(.latin5))]),
        Term(names: ["ISO 2022 IR 203", "ISO_IR 203"], designations: [(Array("-b".utf8), .g1, .upperHalf(.latin9))]),
        Term(names: ["ISO 2022 IR 166", "ISO_IR 166"], designations: [(Array("-T".utf8), .g1, .upperHalf(.thai))]),
        Term(names: ["ISO 2022 IR 13", "ISO_IR 13"],
             designations: [(Array(")I".utf8), .g1, .jisKatakana), (Array("(J".utf8), .g0, .jisRoman)]),
        Term(names: ["ISO 2022 IR 87"], designations: [(Array("$B".utf8), .g0, .jisX0208)]),
        Term(names: ["ISO 2022 IR 159"], designations: [(Array("$(D".utf8), .g0, .jisX0212)]),
        Term(names: ["ISO 2022 IR 149"], designations: [(Array("$)C".utf8), .g1, .ksX1001)]),
        Term(names: ["ISO 2022 IR 58"], designations: [(Array("$)A".utf8), .g1, .gb2312)]),
    ]

    /// Every escape sequence the decoder acts on (ESC excluded), longest first. The decoder
    /// honours them whether or not the file declared the term: what it can read, it shows.
    static let escapes: [(sequence: [UInt8], register: Register, element: CodeElement)] =
        terms.flatMap(\.designations).sorted { $0.sequence.count > $1.sequence.count }

    /// G0 at the start of a value and after each delimiter.
    var initialG0: CodeElement = .ascii
    /// G1 at the start of a value and after each delimiter (nil: none).
    var initialG1: CodeElement?
    /// Set for ISO_IR 192, GB18030 and GBK, which are read whole.
    var wholeValue: WholeValue?
    /// True when (0008,0005) was absent or empty: bytes above 0x7F are then read as UTF-8
    /// (what such files most often hold) rather than refused.
    var isUndeclared = false

    /// The character set `value` (the element's text, values separated by `\`) declares. Value
    /// 1 sets the initial state; a multi-byte G0 set there (not allowed) is ignored so ASCII
    /// stays readable, while a G1 one (`ISO 2022 IR 149` alone, common in Korean files) is kept.
    init(_ value: String) {
        let values = value.split(separator: "\\", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces }
        let first = values.first ?? ""
        if values.allSatisfy(\.isEmpty) { isUndeclared = true; return }
        switch first.uppercased() {
        case "ISO_IR 192": wholeValue = .utf8; return
        case "GB18030", "GBK": wholeValue = .gb18030; return
        default: break
        }
        guard let term = Self.terms.first(where: { $0.names.contains(first.uppercased()) }) else { return }
        for d in term.designations where d.register == .g1 || d.element.bytesPerCharacter == 1 {
            if d.register == .g0 { initialG0 = d.element } else { initialG1 = d.element }
        }
    }
}

private extension Substring {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
