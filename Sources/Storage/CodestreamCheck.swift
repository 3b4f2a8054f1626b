/// Checks a compressed frame's own header against the DICOM header before a codec sees it.
///
/// GDCM sizes its output buffer from the DICOM header (Rows, Columns, Samples per Pixel, Bits
/// Allocated) and its codecs write what the codestream says; when the two disagree, OpenJPEG or
/// libjpeg writes past the buffer (a JPEG 2000 film whose Columns was changed to 1 crashes in
/// `free()`). So the codestream must describe exactly the image the header declares:
/// - JPEG 2000: the SIZ marker's image size, tiling, component count, precision, no subsampling;
/// - JPEG and JPEG-LS: the SOF marker's size, component count, precision, sampling factors;
/// - RLE: the segment count and offsets of the 64-byte RLE header.
/// Pure: reads only the bytes given (the first frame's first fragment), bounds-checked.
package enum CodestreamCheck {
    /// What the DICOM header declares.
    package struct Header: Equatable, Sendable {
        package var columns: Int, rows: Int, samplesPerPixel: Int, bitsAllocated: Int, bitsStored: Int

        package init(columns: Int, rows: Int, samplesPerPixel: Int, bitsAllocated: Int, bitsStored: Int) {
            (self.columns, self.rows, self.samplesPerPixel) = (columns, rows, samplesPerPixel)
            (self.bitsAllocated, self.bitsStored) = (bitsAllocated, bitsStored)
        }
    }

    /// Why the frame cannot be handed to the codec of `syntax`, one line; nil when it can (or the
    /// syntax has no check here).
    package static func problem(syntax: String, header: Header, frame: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = Bytes(frame)
        switch syntax {
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91": return jpeg2000(bytes, header)
        case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70":
            return jpeg(bytes, header, name: "JPEG")
        case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81": return jpeg(bytes, header, name: "JPEG-LS")
        case "1.2.840.10008.1.2.5": return rle(bytes, header)
        default: return nil
        }
    }

    /// Convenience for tests and the fuzz target.
    package static func problem(syntax: String, header: Header, frame: [UInt8]) -> String? {
        frame.withUnsafeBufferPointer { problem(syntax: syntax, header: header, frame: $0) }
    }

    // MARK: JPEG 2000

    static func jpeg2000(_ b: Bytes, _ h: Header) -> String? {
        guard let start = codestreamStart(b) else { return "JPEG 2000 frame has no codestream (no SOC marker)" }
        let at = start + 2
        guard b.u16(at) == 0xFF51, let length = b.u16(at + 2) else { return "JPEG 2000 codestream has no SIZ marker after SOC" }
        guard let xsiz = b.u32(at + 6), let ysiz = b.u32(at + 10), let xo = b.u32(at + 14), let yo = b.u32(at + 18),
              let xt = b.u32(at + 22), let yt = b.u32(at + 26), let xto = b.u32(at + 30), let yto = b.u32(at + 34),
              let components = b.u16(at + 38) else { return "JPEG 2000 SIZ marker is cut short" }
        guard length == 38 + 3 * components, b.count - (at + 2) >= length else {
            return "JPEG 2000 SIZ marker length \(length) does not fit \(components) components"
        }
        guard xsiz > xo, ysiz > yo else { return "JPEG 2000 image area is empty (\(xsiz)x\(ysiz) from offset \(xo),\(yo))" }
        let width = xsiz - xo, height = ysiz - yo
        guard width == h.columns, height == h.rows else {
            return "JPEG 2000 codestream is \(width)x\(height) but the header says Columns \(h.columns), Rows \(h.rows)"
        }
        guard xt > 0, yt > 0, xto <= xo, yto <= yo, xto + xt > xo, yto + yt > yo else {
            return "JPEG 2000 tiling is invalid (tile \(xt)x\(yt) at \(xto),\(yto))"
        }
        let tiles = ((xsiz - xto + xt - 1) / xt) * ((ysiz - yto + yt - 1) / yt)
        guard tiles <= 65535 else { return "JPEG 2000 codestream declares \(tiles) tiles (at most 65535)" }
        guard components == h.samplesPerPixel else {
            return "JPEG 2000 codestream has \(components) components but Samples per Pixel is \(h.samplesPerPixel)"
        }
        for c in 0..<components {
            let base = at + 40 + 3 * c
            guard let ssiz = b.u8(base), let dx = b.u8(base + 1), let dy = b.u8(base + 2) else { return "JPEG 2000 SIZ marker is cut short" }
            let precision = Int(ssiz & 0x7F) + 1
            guard precision <= h.bitsAllocated else {
                return "JPEG 2000 component \(c + 1) has \(precision) bits, more than Bits Allocated \(h.bitsAllocated)"
            }
            guard dx == 1, dy == 1 else { return "JPEG 2000 component \(c + 1) is subsampled (\(dx)x\(dy)), not read" }
        }
        return nil
    }

    /// Where the codestream (SOC) starts: at 0, or inside a JP2 file's `jp2c` box.
    private static func codestreamStart(_ b: Bytes) -> Int? {
        if b.u16(0) == 0xFF4F { return 0 }
        var at = 0
        // JP2 boxes: length (u32, 1 = 64-bit length follows, 0 = to the end), type (4 bytes).
        for _ in 0..<64 {
            guard let length = b.u32(at), let type = b.u32(at + 4) else { return nil }
            var header = 8, size = length
            if length == 1 {
                guard let high = b.u32(at + 8), let low = b.u32(at + 12), high == 0 else { return nil }
                header = 16
                size = low
            }
            if type == 0x6A70_3263 { return b.u16(at + header) == 0xFF4F ? at + header : nil }  // "jp2c"
            guard size >= header else { return nil }
            at += size
        }
        return nil
    }

    // MARK: JPEG and JPEG-LS

    static func jpeg(_ b: Bytes, _ h: Header, name: String) -> String? {
        guard b.u16(0) == 0xFFD8 else { return "\(name) frame does not start with SOI" }
        var at = 2
        while at < b.count {
            // Fill bytes (0xFF repeated) may precede a marker.
            guard b.u8(at) == 0xFF else { return "\(name) frame has bytes outside a marker segment at offset \(at)" }
            while let next = b.u8(at + 1), next == 0xFF { at += 1 }
            guard let marker = b.u8(at + 1) else { return nil }
            at += 2
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }  // TEM, RSTn: no length
            if marker == 0xD9 { return "\(name) frame ends before its frame header (SOF)" }
            guard let length = b.u16(at) else { return nil }  // the frame header is in a later fragment
            guard length >= 2 else { return "\(name) marker FF\(hex(marker)) has length \(length)" }
            if marker == 0xDA { return "\(name) frame has a scan before its frame header (SOF)" }
            let isSOF = [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xF7].contains(marker)
            if isSOF { return sof(b, at: at, length: length, h, name: name) }
            at += length
        }
        return nil
    }

    private static func sof(_ b: Bytes, at: Int, length: Int, _ h: Header, name: String) -> String? {
        guard let precision = b.u8(at + 2), let lines = b.u16(at + 3), let columns = b.u16(at + 5),
              let components = b.u8(at + 7) else { return nil }
        guard length == 8 + 3 * Int(components) else {
            return "\(name) frame header length \(length) does not fit \(components) components"
        }
        guard lines > 0 else { return "\(name) frame leaves its height to a DNL marker, not read" }
        guard columns == h.columns, lines == h.rows else {
            return "\(name) frame is \(columns)x\(lines) but the header says Columns \(h.columns), Rows \(h.rows)"
        }
        guard Int(components) == h.samplesPerPixel else {
            return "\(name) frame has \(components) components but Samples per Pixel is \(h.samplesPerPixel)"
        }
        guard precision >= 2, Int(precision) <= h.bitsAllocated else {
            return "\(name) frame has \(precision)-bit samples, Bits Allocated is \(h.bitsAllocated)"
        }
        if name == "JPEG" {
            for c in 0..<Int(components) {
                guard let sampling = b.u8(at + 9 + 3 * c) else { return nil }
                let hf = sampling >> 4, vf = sampling & 0x0F
                guard (1...4).contains(hf), (1...4).contains(vf) else {
                    return "\(name) component \(c + 1) has sampling factors \(hf)x\(vf) (1...4 allowed)"
                }
            }
        }
        return nil
    }

    // MARK: RLE

    static func rle(_ b: Bytes, _ h: Header) -> String? {
        guard b.count >= 64, let segments = b.u32le(0) else { return "RLE frame is shorter than its 64-byte header" }
        let expected = h.samplesPerPixel * (h.bitsAllocated / 8)
        guard segments == expected else {
            return "RLE frame has \(segments) segments, \(expected) expected for \(h.samplesPerPixel) sample(s) of \(h.bitsAllocated) bits"
        }
        var previous = 0
        for s in 0..<segments {
            guard let offset = b.u32le(4 + 4 * s) else { return "RLE header is cut short" }
            guard s > 0 || offset == 64 else { return "RLE segment 1 starts at \(offset), not 64" }
            guard offset >= previous, offset < b.count else {
                return "RLE segment \(s + 1) starts at \(offset), outside the frame's \(b.count) bytes or before segment \(s)"
            }
            previous = offset
        }
        return nil
    }

    /// The RLE header of a whole file's first fragment, before GDCM parses the file: a segment
    /// count outside 1...15 (GDCM divides by it, or walks past the header). Nil for other syntaxes, or when the
    /// fragment is not where Lightbox finds it (explicit VR little endian, the usual layout).
    package static func rleHeaderProblem(inFile file: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = Array(file)
        guard DICOMTransferSyntax.declared(in: bytes) == "1.2.840.10008.1.2.5",
              let range = DICOMMutation.firstFragment(of: bytes) else { return nil }
        return bytes[range].withUnsafeBufferPointer { fragment -> String? in
            let b = Bytes(fragment)
            guard b.count >= 64, let segments = b.u32le(0) else { return "RLE frame is shorter than its 64-byte header" }
            guard (1...15).contains(segments) else { return "RLE header declares \(segments) segments (1...15 allowed)" }
            return nil  // offsets and the count against the header: `rle`, once GDCM has parsed the file
        }
    }

    private static func hex(_ v: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[(v >> 4) & 15], digits[v & 15]])
    }

    /// Bounds-checked big-endian (and RLE's little-endian) reads; nil past the end.
    struct Bytes {
        let base: UnsafeBufferPointer<UInt8>
        init(_ base: UnsafeBufferPointer<UInt8>) { self.base = base }
        var count: Int { base.count }
        func u8(_ i: Int) -> Int? { i >= 0 && i < base.count ? Int(base[i]) : nil }
        func u16(_ i: Int) -> Int? {
            guard i >= 0, i <= base.count - 2 else { return nil }
            return Int(base[i]) << 8 | Int(base[i + 1])
        }
        func u32(_ i: Int) -> Int? {
            guard i >= 0, i <= base.count - 4 else { return nil }
            return Int(base[i]) << 24 | Int(base[i + 1]) << 16 | Int(base[i + 2]) << 8 | Int(base[i + 3])
        }
        func u32le(_ i: Int) -> Int? {
            guard i >= 0, i <= base.count - 4 else { return nil }
            return Int(base[i + 3]) << 24 | Int(base[i + 2]) << 16 | Int(base[i + 1]) << 8 | Int(base[i])
        }
    }
}
