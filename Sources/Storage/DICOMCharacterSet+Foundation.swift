import Foundation
#if canImport(CoreFoundation)
import CoreFoundation
#endif

/// The multi-byte sets through Foundation's converters (ICU on Linux), which know JIS X 0208,
/// JIS X 0212, KS X 1001, GB 2312 and GB18030; Lightbox carries no tables of its own for them.
extension DICOMCharacterSet.CodeElement {
    /// The character the two-byte code `first second` (each 0x21...0x7E, the GL form) stands
    /// for in this set, or nil when the set leaves it undefined (or user-defined) or Foundation
    /// cannot convert it.
    ///
    /// One code at a time: the EUC-KR converter drops an undefined code without a word, so a
    /// longer run could lose a character unseen.
    func character(_ first: UInt8, _ second: UInt8) -> Unicode.Scalar? {
        let bytes: [UInt8]
        let encoding: String.Encoding
        switch self {
        case .jisX0208:
            // ISO-2022-JP holds JIS X 0208 under ESC $ B (EUC-JP is not converted on Linux).
            bytes = [0x1B, 0x24, 0x42, first, second, 0x1B, 0x28, 0x42]
            encoding = .iso2022JP
        case .jisX0212:
            bytes = [0x1B, 0x24, 0x28, 0x44, first, second, 0x1B, 0x28, 0x42]
            encoding = Self.foundationEncoding(CFStringEncoding(CFStringEncodings.ISO_2022_JP_1.rawValue))
        case .ksX1001:
            bytes = [first | 0x80, second | 0x80]
            encoding = Self.foundationEncoding(CFStringEncoding(CFStringEncodings.EUC_KR.rawValue))
        case .gb2312:
            bytes = [first | 0x80, second | 0x80]
            encoding = Self.foundationEncoding(CFStringEncoding(CFStringEncodings.EUC_CN.rawValue))
        default:
            return nil
        }
        guard let text = String(data: Data(bytes), encoding: encoding), text.unicodeScalars.count == 1,
              let scalar = text.unicodeScalars.first else { return nil }
        // A user-defined code comes back in the Private Use Area: nothing a reader could read.
        return scalar.properties.generalCategory == .privateUse ? nil : scalar
    }

    static func foundationEncoding(_ encoding: CFStringEncoding) -> String.Encoding {
        String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(encoding))
    }
}

extension DICOMCharacterSet.WholeValue {
    /// `bytes` decoded whole: UTF-8 with U+FFFD for each malformed sequence; GB18030 through
    /// Foundation, nil when it refuses the bytes.
    func decode(_ bytes: [UInt8]) -> String? {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .gb18030:
            let encoding = DICOMCharacterSet.CodeElement.foundationEncoding(CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue))
            return String(data: Data(bytes), encoding: encoding)
        }
    }
}
