import Imaging

/// Legend text in `BitmapFont` drawn into RGB pixels; unknown characters draw as blanks.
enum LegendFont {
    static let glyphWidth = BitmapFont.glyphWidth, glyphHeight = BitmapFont.glyphHeight
    static var glyphs: [Character: [String]] { BitmapFont.glyphs }

    /// Width in pixels of `text` at `scale` (one blank column between glyphs).
    static func width(of text: String, scale: Int) -> Int {
        max(0, text.count * (glyphWidth + 1) - 1) * scale
    }

    /// Draws `text` with its top-left corner at (x, y) into interleaved RGB `pixels` of `width x height`, clipped.
    static func draw(_ text: String, x: Int, y: Int, scale: Int, color: RGBBytes,
                     into pixels: inout [UInt8], width: Int, height: Int) {
        var penX = x
        for ch in text.uppercased() {
            if let rows = glyphs[ch] {
                for (gy, row) in rows.enumerated() {
                    for (gx, bit) in row.enumerated() where bit == "#" {
                        for sy in 0..<scale {
                            for sx in 0..<scale {
                                let px = penX + gx * scale + sx, py = y + gy * scale + sy
                                guard px >= 0, px < width, py >= 0, py < height else { continue }
                                let i = 3 * (py * width + px)
                                pixels[i] = color.0; pixels[i + 1] = color.1; pixels[i + 2] = color.2
                            }
                        }
                    }
                }
            }
            penX += (glyphWidth + 1) * scale
        }
    }

    typealias RGBBytes = (UInt8, UInt8, UInt8)
}
