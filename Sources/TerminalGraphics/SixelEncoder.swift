/// Encodes images as sixel (DEC VT340 graphics): DCS `ESC P q`, raster attributes, colour
/// registers, bands of six pixel rows with run-length compression, `ESC \`.
///
/// Pure: returns the text to write. About `bands * registers-used-per-band * (runs)` output.
public enum SixelEncoder {
    /// The most distinct greys a sixel colour register can name: its components are
    /// percentages 0...100, so 101 levels; more registers would repeat colours.
    public static let maximumLevels = 101
    /// Grey levels of each overlay tint and strength in `SixelImage(tinted:)`: 101 greys plus
    /// 2 tints x `tintStrengths` x 25 levels fill 251 of the 256 registers.
    public static let tintLevels = 25
    /// Strengths of each tint in `SixelImage(tinted:)`: a third, two thirds, full.
    public static let tintStrengths = 3

    /// The sixel image for `raster`, quantised to `levels` greys (2...101), register `i`
    /// holding grey `i / (levels - 1)`.
    public static func encode(_ raster: GreyRaster, levels: Int = maximumLevels) -> String {
        encode(SixelImage(raster, levels: levels))
    }

    /// `image` as one sixel image of its full height.
    public static func encode(_ image: SixelImage) -> String {
        encode(image, rows: 0..<image.height)
    }

    /// `image` cut into sixel images of `stripHeight` pixel rows each (the last may be
    /// shorter), top first: each strip is drawn where the cursor stands, so a caller places
    /// strip `k` at pixel row `k * stripHeight`. Keep `stripHeight` a multiple of 6 (whole
    /// bands) and of the cell height (strips start on a cell row).
    public static func encodeStrips(_ image: SixelImage, stripHeight: Int) -> [String] {
        precondition(stripHeight >= 1, "a strip needs at least one row")
        return stride(from: 0, to: image.height, by: stripHeight).map { top in
            encode(image, rows: top..<min(image.height, top + stripHeight))
        }
    }

    /// Rows `rows` of `image` as one sixel image.
    ///
    /// Every pixel is painted, so the background mode does not matter. Within a band each
    /// register used is drawn left to right up to its last column, `$` returns to the band's
    /// start, `-` moves to the next band; runs of four or more equal sixels become `!N c`.
    static func encode(_ image: SixelImage, rows: Range<Int>) -> String {
        precondition(image.width >= 1 && !rows.isEmpty, "a sixel image needs at least one pixel")
        let width = image.width, height = rows.count
        var out: [UInt8] = Array("\u{1B}Pq\"1;1;\(width);\(height)".utf8)
        for (i, c) in image.palette.enumerated() { out += Array("#\(i);2;\(c.r);\(c.g);\(c.b)".utf8) }
        let registerCount = image.palette.count

        // bits[r * width + x]: the sixel bits of register r at column x in the current band.
        var bits = [UInt8](repeating: 0, count: registerCount * width)
        var lastColumn = [Int](repeating: -1, count: registerCount)
        var used: [Int] = []
        for bandTop in stride(from: 0, to: height, by: 6) {
            let bandRows = min(6, height - bandTop)
            used.removeAll(keepingCapacity: true)
            image.registers.withUnsafeBufferPointer { registers in
                for row in 0..<bandRows {
                    let base = (rows.lowerBound + bandTop + row) * width
                    let bit = UInt8(1) << row
                    for x in 0..<width {
                        let r = Int(registers[base + x])
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
            if bandTop + 6 < height { out.append(UInt8(ascii: "-")) }
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

/// An image as sixel sees it: a colour register per pixel and the registers' colours
/// (RGB in whole percents), at most 256 registers.
public struct SixelImage: Sendable, Equatable {
    /// A register's colour, each channel 0...100 percent.
    public struct Colour: Sendable, Equatable {
        public var r: Int
        public var g: Int
        public var b: Int
    }

    public let width: Int
    public let height: Int
    /// Register per pixel, row-major.
    public let registers: [UInt8]
    public let palette: [Colour]

    /// A grey raster on `levels` grey registers (2...101), register `i` holding grey
    /// `i / (levels - 1)`, each grey rounded to the nearest.
    public init(_ raster: GreyRaster, levels: Int = SixelEncoder.maximumLevels) {
        let levels = min(SixelEncoder.maximumLevels, max(2, levels))
        let registerOf: [UInt8] = (0..<256).map { UInt8(($0 * (levels - 1) + 127) / 255) }
        width = raster.width
        height = raster.height
        registers = raster.bytes.map { registerOf[Int($0)] }
        palette = Self.greys(levels)
    }

    /// A tinted film: the 101 greys, then for each tint (positive, then negative) and each of
    /// `SixelEncoder.tintStrengths` strengths `SixelEncoder.tintLevels` registers, register
    /// `101 + (t * strengths + s) * tintLevels + k` holding grey `k / (tintLevels - 1)` tinted at
    /// strength `(s + 1) / strengths`. 251 registers.
    public init(tinted: TintedRaster) {
        let levels = SixelEncoder.maximumLevels, tints = SixelEncoder.tintLevels, strengths = SixelEncoder.tintStrengths
        let greyRegister: [UInt8] = (0..<256).map { UInt8(($0 * (levels - 1) + 127) / 255) }
        let tintRegister: [Int] = (0..<256).map { ($0 * (tints - 1) + 127) / 255 }
        width = tinted.grey.width
        height = tinted.grey.height
        var registers = [UInt8](repeating: 0, count: tinted.signs.count)
        for i in 0..<registers.count {
            let g = Int(tinted.grey.bytes[i])
            let s = (Int(tinted.strengths[i]) * strengths + 127) / 255   // 0...strengths
            guard tinted.signs[i] != 0, s > 0 else { registers[i] = greyRegister[g]; continue }
            let t = tinted.signs[i] > 0 ? 0 : 1
            registers[i] = UInt8(levels + (t * strengths + s - 1) * tints + tintRegister[g])
        }
        self.registers = registers
        var palette = Self.greys(levels)
        for sign: Int8 in [1, -1] {
            for s in 1...strengths {
                for k in 0..<tints {
                    let c = tinted.colour(grey: Float(k * 255) / Float(tints - 1), sign: sign, strength: Float(s) / Float(strengths))
                    palette.append(Colour(r: Self.percent(c.r), g: Self.percent(c.g), b: Self.percent(c.b)))
                }
            }
        }
        self.palette = palette
    }

    private static func greys(_ levels: Int) -> [Colour] {
        (0..<levels).map { i in
            let p = (i * 100 + (levels - 1) / 2) / (levels - 1)
            return Colour(r: p, g: p, b: p)
        }
    }

    private static func percent(_ channel: Float) -> Int { Int((channel * 100 / 255).rounded()) }
}
