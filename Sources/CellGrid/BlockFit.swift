/// A glyph and how much of each of a cell's 2x4 sub-pixels its ink covers.
package struct BlockPartition: Sendable {
    /// The glyph; its inked part shows the foreground.
    package let glyph: String
    /// Ink coverage 0...1 of sub-pixel `r * 2 + c` (row r of 4, column c of 2).
    package let coverage: SIMD8<Float>
    /// Inverse of the 2x2 normal matrix [[sum m^2, sum m(1-m)], [sum m(1-m), sum (1-m)^2]]
    /// row-major, or nil when coverage is even and one colour is all a fit can use.
    let normalInverse: SIMD4<Float>?

    /// A glyph whose ink covers whole sub-pixels: bit `r * 2 + c` set where inked.
    init(_ glyph: String, mask: UInt8) {
        self.init(glyph, coverage: SIMD8((0..<8).map { mask & (1 << $0) != 0 ? 1 : 0 }))
    }

    /// A glyph with partial coverage given per row (4 values) and per column (2 values), multiplied.
    init(_ glyph: String, rows: [Float], columns: [Float]) {
        self.init(glyph, coverage: SIMD8((0..<8).map { rows[$0 / 2] * columns[$0 % 2] }))
    }

    private init(_ glyph: String, coverage m: SIMD8<Float>) {
        self.glyph = glyph
        self.coverage = m
        let c = 1 - m
        let aa = (m * m).sum(), ac = (m * c).sum(), cc = (c * c).sum()
        let det = aa * cc - ac * ac
        normalInverse = abs(det) > 1e-6 ? SIMD4(cc, -ac, -ac, aa) / det : nil
    }

    package static let upperHalf = BlockPartition("\u{2580}", mask: 0x0F)  // ▀ rows 0-1

    /// Splits on whole sub-pixels. Complements (▄ ▐ ▙ ...) are left out because swapping the
    /// colours of these gives the same picture.
    package static let blocks: [BlockPartition] = [
        upperHalf,
        BlockPartition("\u{2586}", mask: 0xFC),  // ▆ rows 1-3
        BlockPartition("\u{2582}", mask: 0xC0),  // ▂ row 3
        BlockPartition("\u{258C}", mask: 0x55),  // ▌ left column
        BlockPartition("\u{2598}", mask: 0x05),  // ▘ top left
        BlockPartition("\u{259D}", mask: 0x0A),  // ▝ top right
        BlockPartition("\u{2596}", mask: 0x50),  // ▖ bottom left
        BlockPartition("\u{2597}", mask: 0xA0),  // ▗ bottom right
        BlockPartition("\u{259A}", mask: 0xA5),  // ▚ top left + bottom right
        BlockPartition("\u{259E}", mask: 0x5A),  // ▞ top right + bottom left
    ]

    /// The eighth blocks, whose edges fall inside a sub-pixel.
    package static let eighths: [BlockPartition] = [
        BlockPartition("\u{2581}", rows: [0, 0, 0, 0.5], columns: [1, 1]),    // ▁
        BlockPartition("\u{2583}", rows: [0, 0, 0.5, 1], columns: [1, 1]),    // ▃
        BlockPartition("\u{2585}", rows: [0, 0.5, 1, 1], columns: [1, 1]),    // ▅
        BlockPartition("\u{2587}", rows: [0.5, 1, 1, 1], columns: [1, 1]),    // ▇
        BlockPartition("\u{258F}", rows: [1, 1, 1, 1], columns: [0.25, 0]),   // ▏
        BlockPartition("\u{258E}", rows: [1, 1, 1, 1], columns: [0.5, 0]),    // ▎
        BlockPartition("\u{258D}", rows: [1, 1, 1, 1], columns: [0.75, 0]),   // ▍
        BlockPartition("\u{258B}", rows: [1, 1, 1, 1], columns: [1, 0.25]),   // ▋
        BlockPartition("\u{258A}", rows: [1, 1, 1, 1], columns: [1, 0.5]),    // ▊
        BlockPartition("\u{2589}", rows: [1, 1, 1, 1], columns: [1, 0.75]),   // ▉
    ]
}

/// Chooses the glyph and colour pair that best reproduce a cell's 2x4 sub-pixels.
package enum BlockFit {
    package struct Result {
        package var partition: BlockPartition
        package var foreground: Float
        package var background: Float
        package var error: Float
    }

    /// The partition (first wins ties) and colours minimising squared error over `block`
    /// (sub-pixel `r * 2 + c`, greys 0...255).
    ///
    /// Error is measured on encoded greys, as the terminal's colour numbers are; fitting in
    /// linear light scored lower against the film, so it is not done.
    /// Colours start from the least-squares pair for the glyph's coverage, clamped to 0...255.
    /// With `palette` each of fg and bg may be either neighbouring palette grey and all four
    /// pairs are scored (for whole-sub-pixel glyphs that equals snapping each to the nearest;
    /// for partial coverage it can do better); otherwise they are rounded to whole greys.
    package static func best(_ block: SIMD8<Float>, partitions: [BlockPartition], palette: Bool) -> Result {
        var best = Result(partition: partitions[0], foreground: 0, background: 0, error: .infinity)
        let mean = block.sum() / 8
        for p in partitions {
            var f = mean, b = mean
            if let inv = p.normalInverse {
                let av = (p.coverage * block).sum(), cv = ((1 - p.coverage) * block).sum()
                f = min(255, max(0, inv[0] * av + inv[1] * cv))
                b = min(255, max(0, inv[2] * av + inv[3] * cv))
            }
            if palette {
                // The four combinations of the greys bracketing each least-squares level
                // (written out: array literals here allocated on every cell).
                let (f0, f1) = GreyPalette.bracket(f), (b0, b1) = GreyPalette.bracket(b)
                consider(p, f0.level, b0.level, block, &best)
                consider(p, f0.level, b1.level, block, &best)
                consider(p, f1.level, b0.level, block, &best)
                consider(p, f1.level, b1.level, block, &best)
            } else {
                consider(p, f.rounded(), b.rounded(), block, &best)
            }
        }
        return best
    }

    @inline(__always)
    private static func consider(_ p: BlockPartition, _ fg: Float, _ bg: Float, _ block: SIMD8<Float>,
                                 _ best: inout Result) {
        let d = block - (p.coverage * fg + (1 - p.coverage) * bg)
        let err = (d * d).sum()
        if err < best.error - 1e-3 { best = Result(partition: p, foreground: fg, background: bg, error: err) }
    }
}
