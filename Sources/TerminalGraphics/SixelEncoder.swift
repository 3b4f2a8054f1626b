/// Encodes grey images as sixel (DEC VT340 graphics): DCS `ESC P q`, raster attributes,
/// grey colour registers, bands of six pixel rows with run-length compression, `ESC \`.
///
/// Pure: returns the text to write. About `bands * registers-used-per-band * (runs)` output.
public enum SixelEncoder {
    /// The most distinct greys a sixel colour register can name: its components are
    /// percentages 0...100, so 101 levels; more registers would repeat colours.
    public static let maximumLevels = 101

    /// The sixel image for `raster`, quantised to `levels` greys (2...101), register `i`
    /// holding grey `i / (levels - 1)`.
    ///
    /// Every pixel is painted, so the background mode does not matter. Within a band each
    /// register used is drawn left to right up to its last column, `$` returns to the band's
    /// start, `-` moves to the next band; runs of four or more equal sixels become `!N c`.
    public static func encode(_ raster: GreyRaster, levels: Int = maximumLevels) -> String {
        precondition(raster.width >= 1 && raster.height >= 1, "a sixel image needs at least one pixel")
        let levels = min(maximumLevels, max(2, levels))
        let width = raster.width
        var out: [UInt8] = Array("\u{1B}Pq\"1;1;\(width);\(raster.height)".utf8)
        for i in 0..<levels {
            let percent = (i * 100 + (levels - 1) / 2) / (levels - 1)
            out += Array("#\(i);2;\(percent);\(percent);\(percent)".utf8)
        }
        // Register of every grey, rounded to the nearest level.
        let registerOf: [Int] = (0..<256).map { ($0 * (levels - 1) + 127) / 255 }

        // bits[r * width + x]: the sixel bits of register r at column x in the current band.
        var bits = [UInt8](repeating: 0, count: levels * width)
        var lastColumn = [Int](repeating: -1, count: levels)
        var used: [Int] = []
        for bandTop in stride(from: 0, to: raster.height, by: 6) {
            let bandRows = min(6, raster.height - bandTop)
            used.removeAll(keepingCapacity: true)
            raster.bytes.withUnsafeBufferPointer { pixels in
                for row in 0..<bandRows {
                    let base = (bandTop + row) * width
                    let bit = UInt8(1) << row
                    for x in 0..<width {
                        let r = registerOf[Int(pixels[base + x])]
                        if lastColumn[r] < 0 { used.append(r) }
                        bits[r * width + x] |= bit
                        if x > lastColumn[r] { lastColumn[r] = x }
                    }
                }
            }
            for (n, r) in used.enumerated() {
                if n > 0 { out.append(UInt8(ascii: "$")) }
                out += Array("#\(r)".utf8)
                appendRuns(bits[(r * width)...(r * width + lastColumn[r])], to: &out)
                for x in (r * width)...(r * width + lastColumn[r]) { bits[x] = 0 }
                lastColumn[r] = -1
            }
            if bandTop + 6 < raster.height { out.append(UInt8(ascii: "-")) }
        }
        out += [0x1B, UInt8(ascii: "\\")]
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends sixel characters (`63 + bits`) for `columns`, runs of 4+ as `!N c`.
    private static func appendRuns(_ columns: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var i = columns.startIndex
        while i < columns.endIndex {
            let value = columns[i]
            var j = i + 1
            while j < columns.endIndex && columns[j] == value { j += 1 }
            let count = j - i
            let character = 63 + value
            if count >= 4 {
                out.append(UInt8(ascii: "!"))
                out += Array(String(count).utf8)
                out.append(character)
            } else {
                for _ in 0..<count { out.append(character) }
            }
            i = j
        }
    }
}
