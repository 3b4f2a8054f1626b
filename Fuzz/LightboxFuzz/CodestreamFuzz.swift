import Storage

/// The `dicom-codestream` target's inputs: codestream-level mutations of films Lightbox writes.
/// Whole-file byte mutations rarely make a header and its codestream disagree in the ways that
/// crashed OpenJPEG (Columns 1, Rows 2 Columns 3, Columns 63): here libFuzzer sets those fields
/// directly and mutates the codestream bytes in place.
enum CodestreamFuzz {
    /// 24x20 12-bit films (16-bit allocated) in the syntaxes whose codecs are not Lightbox's own.
    static let templates: [[UInt8]] = [DICOMCodec.Syntax.jpeg2000Lossless, .jpeg2000, .rle, .jpegLSLossless, .jpegLossless]
        .map { syntax in
            var options = DICOMCodec.WriteOptions()
            options.syntax = syntax
            options.bitsStored = 12
            let samples = (0..<(24 * 20)).map { UInt16(($0 * 37) % 4096) }
            return (try? DICOMCodec.encode(samples: samples, width: 24, height: 20, options: options)) ?? []
        }

    /// Input: template (byte 0), Rows (u16 LE, 1...2), Columns (3...4), Bits Allocated (5),
    /// Samples per Pixel (6), then bytes XORed onto the codestream from its start. A zero field
    /// keeps the template's value.
    static func mutant(_ input: [UInt8]) -> [UInt8]? {
        guard input.count >= 7, !templates.isEmpty else { return nil }
        var film = templates[Int(input[0]) % templates.count]
        guard !film.isEmpty else { return nil }
        let rows = UInt16(input[1]) | UInt16(input[2]) << 8, columns = UInt16(input[3]) | UInt16(input[4]) << 8
        if rows != 0, let f = DICOMMutation.settingRows(film, to: rows) { film = f }
        if columns != 0, let f = DICOMMutation.settingColumns(film, to: columns) { film = f }
        if input[5] != 0, let f = DICOMMutation.settingUS(film, group: 0x0028, element: 0x0100, to: UInt16(input[5])) { film = f }
        if input[6] != 0, let f = DICOMMutation.settingUS(film, group: 0x0028, element: 0x0002, to: UInt16(input[6])) { film = f }
        guard let range = DICOMMutation.firstFragment(of: film) else { return film }
        for (i, b) in input.dropFirst(7).prefix(range.count).enumerated() { film[range.lowerBound + i] ^= b }
        return film
    }
}
