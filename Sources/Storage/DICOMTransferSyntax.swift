/// The transfer syntax a DICOM file declares, read from its meta header without GDCM, to decide
/// where it is decoded: native pixel data in this process, anything needing a codec in the
/// decoder process (see `DICOMCodec.decode`).
enum DICOMTransferSyntax {
    /// Implicit VR little endian, explicit VR little endian, explicit VR big endian: no codec.
    static let native: Set<String> = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]

    /// True for a native syntax, and for no meta header (GDCM then guesses a native syntax; it
    /// reports the syntax it used, which is checked again before decoding).
    static func isNative(_ uid: String?) -> Bool {
        guard let uid else { return true }
        return native.contains(uid)
    }

    /// (0002,0010) of the meta header, trailing NUL and spaces removed; nil without a meta
    /// header or when the meta group ends before it. Reads at most the meta group, bounds-checked.
    static func declared(in bytes: [UInt8]) -> String? {
        guard bytes.count >= 132, bytes[128] == 0x44, bytes[129] == 0x49, bytes[130] == 0x43, bytes[131] == 0x4D else {
            return nil
        }
        var at = 132
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        while bytes.count - at >= 8, u16(at) == 0x0002 {
            let element = u16(at + 2)
            let vr = (bytes[at + 4], bytes[at + 5])
            // OB, OW, UN, SQ, UT, UC, UR, OD, OF, OL, OV, SV, UV carry a 4-byte length after 2 reserved bytes.
            let long: Set<String> = ["OB", "OW", "UN", "SQ", "UT", "UC", "UR", "OD", "OF", "OL", "OV", "SV", "UV"]
            let name = String(decoding: [vr.0, vr.1], as: UTF8.self)
            let header: Int, length: Int
            if long.contains(name) {
                guard bytes.count - at >= 12 else { return nil }
                header = 12
                length = u16(at + 8) | u16(at + 10) << 16
            } else {
                header = 8
                length = u16(at + 6)
            }
            guard length <= bytes.count - at - header else { return nil }
            if element == 0x0010 {
                var value = Array(bytes[(at + header)..<(at + header + length)])
                while let last = value.last, last == 0 || last == 0x20 { value.removeLast() }
                return String(decoding: value, as: UTF8.self)
            }
            at += header + length
        }
        return nil
    }
}
