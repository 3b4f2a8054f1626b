import Imaging

/// Colouring the cells of a drawn film where a `TintMask` marks them (the LIME overlay).
extension BlockImage {
    /// Warm tint for mask +1 (toward PNEUMONIA): `ExplanationColors.supporting`.
    public static let positiveTint = floats(ExplanationColors.supporting)
    /// Cool tint for mask -1 (against PNEUMONIA): `ExplanationColors.opposing`.
    public static let negativeTint = floats(ExplanationColors.opposing)

    private static func floats(_ c: RGB) -> (r: Float, g: Float, b: Float) { (Float(c.r), Float(c.g), Float(c.b)) }

    /// Tints the cells of `drawn` (the rect `render` returned) whose 2x4 sub-pixels are mostly
    /// marked in `mask`; `visible` is the shown part of the image in fractions 0...1 of its
    /// width and height. Each tinted cell keeps its glyph; its grey fg/bg move toward the tint
    /// at the mask's strength with their luminance kept (`ExplanationColors.blend`; in 256
    /// colours the palette entry nearest with luminance weighed most). Monochrome grids are
    /// left unchanged.
    public static func tint(_ grid: inout CellGrid, drawn: Rect, mask: TintMask, visible: ImageRegion,
                            colorMode: BlockImageColorMode) {
        guard colorMode != .monochrome, mask.width > 0, !drawn.isEmpty else { return }
        for row in 0..<drawn.height {
            for col in 0..<drawn.width {
                let (sign, strength) = cellTint(mask, col: col, row: row, drawn: drawn, visible: visible)
                guard sign != 0 else { continue }
                let x = drawn.x + col, y = drawn.y + row
                guard grid.area.contains(Position(x: x, y: y)) else { continue }
                var cell = grid[x, y]
                cell.foreground = tinted(cell.foreground, sign: sign, strength: strength, colorMode: colorMode)
                cell.background = tinted(cell.background, sign: sign, strength: strength, colorMode: colorMode)
                grid[x, y] = cell
            }
        }
    }

    /// +1 or -1 when at least half of the cell's 8 sub-pixel centres carry that sign, else 0;
    /// with the mean strength of those sub-pixels.
    static func cellTint(_ mask: TintMask, col: Int, row: Int, drawn: Rect, visible: ImageRegion) -> (Int8, Float) {
        var plus = 0, minus = 0
        var plusStrength: Float = 0, minusStrength: Float = 0
        for r in 0..<4 {
            for c in 0..<2 {
                let u = (Double(col * 2 + c) + 0.5) / Double(drawn.width * 2)
                let v = (Double(row * 4 + r) + 0.5) / Double(drawn.height * 4)
                let fx = visible.x + u * visible.width, fy = visible.y + v * visible.height
                switch mask.value(atFractionX: fx, y: fy) {
                case 1: plus += 1; plusStrength += mask.strength(atFractionX: fx, y: fy)
                case -1: minus += 1; minusStrength += mask.strength(atFractionX: fx, y: fy)
                default: break
                }
            }
        }
        if plus >= 4 && plus >= minus { return (1, plusStrength / Float(plus)) }
        if minus >= 4 { return (-1, minusStrength / Float(minus)) }
        return (0, 0)
    }

    /// +1 or -1 when at least half of the cell's 8 sub-pixel centres carry that sign, else 0.
    static func cellSign(_ mask: TintMask, col: Int, row: Int, drawn: Rect, visible: ImageRegion) -> Int8 {
        cellTint(mask, col: col, row: row, drawn: drawn, visible: visible).0
    }

    /// `color` (a grey the film renderer chose) tinted toward `sign` at `strength` (0...1).
    public static func tinted(_ color: TerminalColor, sign: Int8, strength: Float = 1, colorMode: BlockImageColorMode) -> TerminalColor {
        let grey: Float
        switch color {
        case .rgb(let r, _, _): grey = Float(r)
        case .palette(let index): grey = GreyPalette.entries.first { $0.index == index }?.level ?? 128
        case .default: grey = 0
        }
        let (r, g, b) = ExplanationColors.blend(grey: grey, sign: sign, strength: strength)
        if colorMode == .truecolor {
            return .rgb(UInt8(r.rounded()), UInt8(g.rounded()), UInt8(b.rounded()))
        }
        return .palette(nearestTintIndex(r: r, g: g, b: b))
    }

    /// The xterm colour-cube entry (16...231) nearest to an RGB colour (0...255 per channel):
    /// the nearest level per channel is the nearest entry overall.
    public static func nearestCubeIndex(r: Float, g: Float, b: Float) -> UInt8 {
        UInt8(XtermLevels.cubeIndex(r: XtermLevels.nearestCubeLevel(r), g: XtermLevels.nearestCubeLevel(g),
                                    b: XtermLevels.nearestCubeLevel(b)))
    }

    /// Cube and ramp entries with their luminance and chroma, for `nearestTintIndex`.
    private static let tintCandidates: [(index: UInt8, y: Float, r: Float, g: Float, b: Float)] = {
        var out: [(UInt8, Float, Float, Float, Float)] = []
        for i in XtermLevels.cubeStart..<XtermLevels.rampStart {
            let (r, g, b) = XtermLevels.cubeRGB(i)
            let (fr, fg, fb) = (Float(r), Float(g), Float(b))
            let y = ExplanationColors.luminance(fr, fg, fb)
            out.append((UInt8(i), y, fr - y, fg - y, fb - y))
        }
        for i in 0..<XtermLevels.rampCount {
            out.append((UInt8(XtermLevels.rampStart + i), Float(XtermLevels.rampLevel(i)), 0, 0, 0))
        }
        return out
    }()

    /// Weight of a luminance error against a chroma error when picking a palette entry for a
    /// tinted colour: the film's brightness matters most, the tint's hue next.
    static let luminanceWeight: Float = 12

    /// The 256-colour palette entry (cube or grey ramp) nearest to a tinted colour, a
    /// luminance error counting `luminanceWeight` times a chroma error (squared), so the film
    /// under the tint keeps its brightness. 240 candidates.
    public static func nearestTintIndex(r: Float, g: Float, b: Float) -> UInt8 {
        let y = ExplanationColors.luminance(r, g, b)
        let (cr, cg, cb) = (r - y, g - y, b - y)
        var best = tintCandidates[0].index, bestCost = Float.infinity
        for c in tintCandidates {
            let dy = c.y - y, dr = c.r - cr, dg = c.g - cg, db = c.b - cb
            let cost = luminanceWeight * dy * dy + dr * dr + dg * dg + db * db
            if cost < bestCost { bestCost = cost; best = c.index }
        }
        return best
    }
}
