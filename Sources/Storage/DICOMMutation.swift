/// Header- and codestream-level mutations of a DICOM file that Lightbox wrote itself (explicit VR
/// little endian dataset, encapsulated or native pixel data): the hostile inputs of the tests,
/// `Scripts/dicom-mutants.sh`'s corpus and the `dicom-codestream` fuzz target. Pure byte edits.
package enum DICOMMutation {
    /// `bytes` with the first US element (group, element) set to `value`; nil when absent.
    package static func settingUS(_ bytes: [UInt8], group: UInt16, element: UInt16, to value: UInt16) -> [UInt8]? {
        let tag: [UInt8] = [UInt8(group & 0xFF), UInt8(group >> 8), UInt8(element & 0xFF), UInt8(element >> 8),
                            0x55, 0x53, 0x02, 0x00]  // "US", length 2
        guard let at = find(tag, in: bytes, from: 132) else { return nil }
        var out = bytes
        out[at + 8] = UInt8(value & 0xFF)
        out[at + 9] = UInt8(value >> 8)
        return out
    }

    /// Rows (0028,0010).
    package static func settingRows(_ bytes: [UInt8], to value: UInt16) -> [UInt8]? {
        settingUS(bytes, group: 0x0028, element: 0x0010, to: value)
    }

    /// Columns (0028,0011).
    package static func settingColumns(_ bytes: [UInt8], to value: UInt16) -> [UInt8]? {
        settingUS(bytes, group: 0x0028, element: 0x0011, to: value)
    }

    /// The byte range of the first frame's fragment (the item after the Basic Offset Table) of
    /// encapsulated pixel data; nil when the pixel data is native or the layout is unexpected.
    package static func firstFragment(of bytes: [UInt8]) -> Range<Int>? {
        // (7FE0,0010) OB, reserved, undefined length.
        let pixelData: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]
        guard var at = find(pixelData, in: bytes, from: 132) else { return nil }
        at += pixelData.count
        for item in 0..<2 {
            guard bytes.count - at >= 8, bytes[at] == 0xFE, bytes[at + 1] == 0xFF, bytes[at + 2] == 0x00, bytes[at + 3] == 0xE0 else {
                return nil
            }
            let length = Int(bytes[at + 4]) | Int(bytes[at + 5]) << 8 | Int(bytes[at + 6]) << 16 | Int(bytes[at + 7]) << 24
            guard length <= bytes.count - at - 8 else { return nil }
            if item == 1 { return (at + 8)..<(at + 8 + length) }
            at += 8 + length
        }
        return nil
    }

    /// `bytes` with bit `bit` (0...7) of byte `offset` of the first fragment flipped.
    package static func flippingFragmentBit(_ bytes: [UInt8], offset: Int, bit: Int) -> [UInt8]? {
        guard let range = firstFragment(of: bytes), offset >= 0, offset < range.count else { return nil }
        var out = bytes
        out[range.lowerBound + offset] ^= UInt8(1 << (bit & 7))
        return out
    }

    /// `bytes` with the first fragment's bytes replaced by `frame` of the same length.
    package static func replacingFirstFragment(_ bytes: [UInt8], with frame: [UInt8]) -> [UInt8]? {
        guard let range = firstFragment(of: bytes), range.count == frame.count else { return nil }
        var out = bytes
        out.replaceSubrange(range, with: frame)
        return out
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = max(0, start)
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
