/// A two-colour split of a cell's 2x4 sub-pixels that one block glyph can draw.
struct BlockPartition: Sendable {
    /// The glyph; its inked part shows the foreground.
    let glyph: String
    /// Bit `r * 2 + c` set where sub-pixel (row r, column c) is foreground.
    let mask: UInt8

    static let upperHalf = BlockPartition(glyph: "\u{2580}", mask: 0x0F)  // ▀ rows 0-1
    /// Every split we draw; complements (▄ ▐ ▙ ...) are left out because swapping the colours
    /// of these gives the same picture.
    static let all: [BlockPartition] = [
        upperHalf,
        BlockPartition(glyph: "\u{2586}", mask: 0xFC),  // ▆ rows 1-3
        BlockPartition(glyph: "\u{2582}", mask: 0xC0),  // ▂ row 3
        BlockPartition(glyph: "\u{258C}", mask: 0x55),  // ▌ left column
        BlockPartition(glyph: "\u{2598}", mask: 0x05),  // ▘ top left
        BlockPartition(glyph: "\u{259D}", mask: 0x0A),  // ▝ top right
        BlockPartition(glyph: "\u{2596}", mask: 0x50),  // ▖ bottom left
        BlockPartition(glyph: "\u{2597}", mask: 0xA0),  // ▗ bottom right
        BlockPartition(glyph: "\u{259A}", mask: 0xA5),  // ▚ top left + bottom right
        BlockPartition(glyph: "\u{259E}", mask: 0x5A),  // ▞ top right + bottom left
    ]
}

/// Chooses the glyph and colour pair that best reproduce a cell's 2x4 sub-pixels.
enum BlockFit {
    struct Result {
        var partition: BlockPartition
        var foreground: Float
        var background: Float
        var error: Float
    }

    /// The partition (first wins ties) minimising squared error, with each side's colour the
    /// side's mean passed through `quantize` (the mean is the least-squares colour; snapping
    /// it to the nearest palette level stays optimal because the error is quadratic).
    static func best(_ block: [Float], partitions: [BlockPartition], quantize: (Float) -> Float) -> Result {
        var best: Result?
        for p in partitions {
            var sumIn: Float = 0, sumOut: Float = 0, nIn: Float = 0
            for i in 0..<8 {
                if p.mask & (1 << i) != 0 { sumIn += block[i]; nIn += 1 } else { sumOut += block[i] }
            }
            let fg = quantize(sumIn / nIn), bg = quantize(sumOut / (8 - nIn))
            var err: Float = 0
            for i in 0..<8 {
                let d = block[i] - (p.mask & (1 << i) != 0 ? fg : bg)
                err += d * d
            }
            if best == nil || err < best!.error - 1e-3 {
                best = Result(partition: p, foreground: fg, background: bg, error: err)
            }
        }
        return best!
    }
}
