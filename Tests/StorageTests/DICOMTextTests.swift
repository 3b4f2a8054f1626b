import CoreFoundation
import Foundation
import Testing
@testable import Storage

/// Bytes from a string literal whose characters are all below U+0100 (`\u{1B}` for ESC, `\u{D4}`
/// for byte 0xD4): how the standard's examples print their byte sequences.
private func raw(_ latin1: String) -> [UInt8] {
    latin1.unicodeScalars.map { UInt8($0.value) }
}

/// True when no C0, DEL or C1 control is left for a terminal.
private func noControls(_ text: String) -> Bool {
    !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
}

@Suite("DICOM text by the Specific Character Set")
struct DICOMTextTests {
    // MARK: The standard's worked examples (PS3.5 Annexes H, I, J, K)

    @Test("PS3.5 H.3.1: a Japanese name in JIS X 0208 under ISO 2022 IR 87")
    func japaneseKanji() {
        let bytes = raw("Yamada^Tarou=\u{1B}$B;3ED\u{1B}(B^\u{1B}$BB@O:\u{1B}(B=\u{1B}$B$d$^$@\u{1B}(B^\u{1B}$B$?$m$&\u{1B}(B")
        let text = DICOMText.decode(bytes, characterSet: "\\ISO 2022 IR 87", personName: true)
        #expect(text == "Yamada^Tarou=山田^太郎=やまだ^たろう")
        #expect(noControls(text) && !text.contains("$B"))
    }

    @Test("PS3.5 H.3.2: half-width katakana first (ISO 2022 IR 13), then JIS X 0208, back to Romaji with ESC ( J")
    func japaneseKatakana() {
        let bytes = raw("\u{D4}\u{CF}\u{C0}\u{DE}^\u{C0}\u{DB}\u{B3}=\u{1B}$B;3ED\u{1B}(J^\u{1B}$BB@O:\u{1B}(J="
                        + "\u{1B}$B$d$^$@\u{1B}(J^\u{1B}$B$?$m$&\u{1B}(J")
        let text = DICOMText.decode(bytes, characterSet: "ISO 2022 IR 13\\ISO 2022 IR 87", personName: true)
        #expect(text == "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")
        // ISO_IR 13 without code extensions: the same katakana.
        #expect(DICOMText.decode(raw("\u{D4}\u{CF}\u{C0}\u{DE}^\u{C0}\u{DB}\u{B3}"), characterSet: "ISO_IR 13", personName: true)
                == "ﾔﾏﾀﾞ^ﾀﾛｳ")
    }

    @Test("PS3.5 I.2: a Korean name in KS X 1001 under ISO 2022 IR 149, G1 designated again after each delimiter")
    func korean() {
        let bytes = raw("Hong^Gildong=\u{1B}$)C\u{FB}\u{F3}^\u{1B}$)C\u{D1}\u{CE}\u{D4}\u{D7}=\u{1B}$)C\u{C8}\u{AB}^\u{1B}$)C\u{B1}\u{E6}\u{B5}\u{BF}")
        let text = DICOMText.decode(bytes, characterSet: "\\ISO 2022 IR 149", personName: true)
        #expect(text == "Hong^Gildong=洪^吉洞=홍^길동")
        #expect(noControls(text))
    }

    @Test("PS3.5 K.2 and J.3: a Chinese name in GB 2312 under ISO 2022 IR 58, and in GB18030")
    func chinese() {
        let iso2022 = raw("Zhang^XiaoDong=\u{1B}$)A\u{D5}\u{C5}^\u{1B}$)A\u{D0}\u{A1}\u{B6}\u{AB}=")
        #expect(DICOMText.decode(iso2022, characterSet: "\\ISO 2022 IR 58", personName: true) == "Zhang^XiaoDong=张^小东=")
        let gb18030 = raw("Wang^XiaoDong=\u{CD}\u{F5}^\u{D0}\u{A1}\u{B6}\u{AB}=")
        #expect(DICOMText.decode(gb18030, characterSet: "GB18030", personName: true) == "Wang^XiaoDong=王^小东=")
    }

    @Test("JIS X 0212 (ISO 2022 IR 159) between JIS X 0208 runs: 鷗 of Mori Ōgai")
    func japaneseSupplementary() {
        let bytes = raw("Mori^Ogai=\u{1B}$B?9\u{1B}(B^\u{1B}$(Dl?\u{1B}$B30\u{1B}(B=\u{1B}$B$b$j\u{1B}(B^\u{1B}$B$*$&$,$$\u{1B}(B")
        let text = DICOMText.decode(bytes, characterSet: "ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159", personName: true)
        #expect(text == "Mori^Ogai=森^鷗外=もり^おうがい")
    }

    // MARK: Single-byte sets

    @Test("single-byte sets without code extensions: Latin-1, Greek, Cyrillic, Hebrew, Arabic, Thai; UTF-8")
    func singleByte() {
        #expect(DICOMText.decode(raw("Buc^J\u{E9}r\u{F4}me"), characterSet: "ISO_IR 100", personName: true) == "Buc^Jérôme")
        #expect(DICOMText.decode(raw("\u{C4}\u{E9}\u{EF}\u{ED}\u{F5}\u{F3}\u{E9}\u{EF}\u{F2}"), characterSet: "ISO_IR 126") == "Διονυσιος")
        #expect(DICOMText.decode(raw("\u{BB}\u{EE}\u{DA}\u{E1}\u{D5}\u{DC}\u{D1}\u{E3}\u{E0}\u{D3}"), characterSet: "ISO_IR 144") == "Люксембург")
        #expect(DICOMText.decode(raw("\u{F9}\u{F8}\u{E5}\u{EF}"), characterSet: "ISO_IR 138") == "שרון")
        #expect(DICOMText.decode(raw("\u{E2}\u{C8}\u{C7}\u{E6}\u{EA}"), characterSet: "ISO_IR 127") == "قباني")
        #expect(DICOMText.decode(raw("\u{B9}\u{D2}\u{C2}"), characterSet: "ISO_IR 166") == "นาย")
        #expect(DICOMText.decode(Array("Wang^XiaoDong=王^小东=".utf8), characterSet: "ISO_IR 192", personName: true) == "Wang^XiaoDong=王^小东=")
    }

    @Test("ISO 2022 IR 100 then IR 126 by escape, back to Latin-1 by escape and at a delimiter")
    func singleByteSwitching() {
        let set = "ISO 2022 IR 100\\ISO 2022 IR 126"
        #expect(DICOMText.decode(raw("Buc=\u{1B}-F\u{C4}\u{1B}-A"), characterSet: set, personName: true) == "Buc=Δ")
        // After `^` G1 is Latin-1 again even though the writer did not switch back.
        #expect(DICOMText.decode(raw("\u{1B}-F\u{C4}^\u{C4}"), characterSet: set, personName: true) == "Δ^Ä")
        // Outside a person name `^` is a plain character and the switch holds.
        #expect(DICOMText.decode(raw("\u{1B}-F\u{C4}^\u{C4}"), characterSet: set) == "Δ^Δ")
        // `\` between values resets in every VR.
        #expect(DICOMText.decode(raw("\u{1B}-F\u{C4}\\\u{C4}"), characterSet: set) == "Δ\\Ä")
    }

    @Test("every single-byte table agrees with Foundation's converter on all 96 bytes, undefined ones included",
          arguments: [(SingleByteTable.latin2, CFStringEncodings.isoLatin2), (.latin3, .isoLatin3), (.latin4, .isoLatin4),
                      (.cyrillic, .isoLatinCyrillic), (.arabic, .isoLatinArabic), (.greek, .isoLatinGreek),
                      (.hebrew, .isoLatinHebrew), (.latin5, .isoLatin5), (.latin9, .isoLatin9), (.thai, .isoLatinThai)])
    func tablesMatchFoundation(table: SingleByteTable, encoding: CFStringEncodings) {
        let foundation = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(encoding.rawValue)))
        var defined = 0
        for byte in UInt8(0xA0)...0xFF {
            let theirs = String(data: Data([byte]), encoding: foundation)?.unicodeScalars
            let expected: Unicode.Scalar = theirs.flatMap { $0.count == 1 ? $0.first : nil } ?? "\u{FFFD}"
            #expect(table.scalar(byte) == expected, "\(table) byte \(String(byte, radix: 16))")
            if expected != "\u{FFFD}" { defined += 1 }
        }
        #expect(defined >= 45, "Foundation defined only \(defined) bytes of \(table)")
    }

    // MARK: What must never reach the terminal

    @Test("unknown and cut escape sequences, terminal controls and C1 bytes are consumed or replaced, never passed on")
    func controls() {
        let set = "\\ISO 2022 IR 87"
        #expect(DICOMText.decode(raw("AB\u{1B}%G"), characterSet: set) == "AB\u{FFFD}")
        #expect(DICOMText.decode(raw("AB\u{1B}"), characterSet: set) == "AB\u{FFFD}")
        #expect(DICOMText.decode(raw("AB\u{1B}$("), characterSet: set) == "AB\u{FFFD}")
        #expect(DICOMText.decode(raw("AB\u{1B}[2J\u{1B}]0;pwned\u{07}\u{9B}31m\r\n"), characterSet: set) == "AB\u{FFFD}2J\u{FFFD}0;pwned??31m??")
        for charset in ["", "ISO_IR 100", "ISO_IR 192", "GB18030", "\\ISO 2022 IR 149", "ISO_IR 13"] {
            let text = DICOMText.decode(raw("x\u{1B}[31m\u{07}\u{85}\u{9B}y\u{7F}"), characterSet: charset)
            #expect(noControls(text), "\(charset): \(text.debugDescription)")
        }
    }

    @Test("a cut or undefined two-byte code becomes one U+FFFD, and decoding goes on")
    func undefinedCodes() {
        let set = "\\ISO 2022 IR 87"
        #expect(DICOMText.decode(raw("\u{1B}$B;"), characterSet: set) == "\u{FFFD}")
        #expect(DICOMText.decode(raw("\u{1B}$B~~;3\u{1B}(B!"), characterSet: set) == "\u{FFFD}山!")
        // KS X 1001 0xC9A1 is a user-defined code: replaced, not silently dropped.
        #expect(DICOMText.decode(raw("\u{1B}$)C\u{C9}\u{A1}\u{C8}\u{AB}"), characterSet: "\\ISO 2022 IR 149") == "\u{FFFD}홍")
        // Without a G1 designation a byte above 0xA0 is not guessed at (the Korean set ended at `^`).
        #expect(DICOMText.decode(raw("\u{1B}$)C\u{C8}\u{AB}^\u{C8}\u{AB}"), characterSet: "\\ISO 2022 IR 149", personName: true)
                == "홍^\u{FFFD}\u{FFFD}")
    }

    @Test("ISO 2022 IR 149 alone as value 1 reads bytes without escapes (Korean files written that way)")
    func koreanWithoutEscapes() {
        #expect(DICOMText.decode(raw("\u{C8}\u{AB}^\u{B1}\u{E6}\u{B5}\u{BF}"), characterSet: "ISO 2022 IR 149", personName: true) == "홍^길동")
    }

    @Test("no Specific Character Set: ASCII, and bytes above 0x7F read as UTF-8 where they form it")
    func undeclared() {
        #expect(DICOMText.decode(Array("PHANTOM1".utf8), characterSet: "") == "PHANTOM1")
        #expect(DICOMText.decode(Array("山田^太郎".utf8), characterSet: "") == "山田^太郎")
        #expect(DICOMText.decode(raw("J\u{E9}r"), characterSet: "") == "J\u{FFFD}r")
        #expect(DICOMText.decode(raw("\u{1B}$B;3ED\u{1B}(B"), characterSet: "") == "山田")
    }
}
