extension JPEGCodec {
    /// Walks the marker segments of JPEG bytes from the start: true when the walk runs off the
    /// end of `prefix` before reaching a frame header (SOFn), the scan (SOS), the end (EOI) or
    /// bytes that are not a marker; then a longer prefix could still hold a valid header.
    ///
    /// Linear in the number of segments; reads only segment markers and lengths.
    package static func segmentsRunPast(_ prefix: [UInt8]) -> Bool {
        guard prefix.count >= 2, prefix[0] == 0xFF, prefix[1] == 0xD8 else { return false }
        var i = 2
        while i + 1 < prefix.count {
            guard prefix[i] == 0xFF else { return false }
            let marker = prefix[i + 1]
            switch marker {
            case 0xFF: i += 1                                   // fill byte
            case 0xD8, 0x01, 0xD0...0xD7: i += 2                // no length
            case 0xD9, 0xDA: return false                       // EOI, SOS
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC: return false  // SOFn
            default:
                guard i + 3 < prefix.count else { return true }
                let length = Int(prefix[i + 2]) << 8 | Int(prefix[i + 3])
                guard length >= 2 else { return false }
                i += 2 + length
            }
        }
        return true
    }
}
