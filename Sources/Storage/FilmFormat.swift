/// The image formats Lightbox reads, told apart by content, never by file name.
public enum FilmFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg = "JPEG"
    case png = "PNG"
    case dicom = "DICOM"

    /// Bytes `sniff` needs to decide (a DICOM preamble is 128 bytes, then `DICM`).
    public static let sniffBytes = 132

    /// The format the first bytes of a file show, or nil: JPEG by its SOI marker `FF D8 FF`,
    /// PNG by its 8-byte signature, DICOM Part 10 by `DICM` after the 128-byte preamble, or a
    /// DICOM dataset without meta header when it opens with a plausible group 0008 element.
    public static func sniff(_ prefix: [UInt8]) -> FilmFormat? {
        if prefix.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if prefix.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if prefix.count >= 132, prefix[128...131].elementsEqual("DICM".utf8) { return .dicom }
        if looksLikeBareDataset(prefix) { return .dicom }
        return nil
    }

    /// A dataset without preamble or meta: its first element is in group 0008 (little or big
    /// endian, element number below 0x0100), with an explicit VR of two capital letters or an
    /// implicit length below 1 KiB, and the second element follows in group 0008 too.
    static func looksLikeBareDataset(_ p: [UInt8]) -> Bool {
        guard p.count >= 16 else { return false }
        let littleEndian = p[0] == 0x08 && p[1] == 0x00 && p[3] == 0x00
        let bigEndian = p[0] == 0x00 && p[1] == 0x08 && p[2] == 0x00
        guard littleEndian || bigEndian else { return false }
        let isCapital = { (b: UInt8) in b >= 0x41 && b <= 0x5A }
        let length: Int
        if isCapital(p[4]) && isCapital(p[5]) {
            length = littleEndian ? Int(p[6]) | Int(p[7]) << 8 : Int(p[6]) << 8 | Int(p[7])
            guard length < 1024, 8 + length + 2 <= p.count else { return length < 1024 }
            let next = 8 + length
            return littleEndian ? (p[next] == 0x08 && p[next + 1] == 0x00) : (p[next] == 0x00 && p[next + 1] == 0x08)
        }
        guard littleEndian else { return false }
        length = Int(p[4]) | Int(p[5]) << 8 | Int(p[6]) << 16 | Int(p[7]) << 24
        guard length < 1024 else { return false }
        guard 8 + length + 2 <= p.count else { return true }
        return p[8 + length] == 0x08 && p[8 + length + 1] == 0x00
    }
}
