import Imaging

/// Serialises a cell grid to ANSI text the way `chafa` prints: SGR colour codes only where the
/// style changes, a reset at the end of any line that changed the style, a newline per row.
public enum ANSIText {
    /// The grid as ANSI text: `38;5;n`/`48;5;n` for palette colours, `38;2;r;g;b`/`48;2;r;g;b`
    /// for RGB, `39`/`49` back to defaults, `1 2 4 7` for attributes; continuation cells print nothing.
    public static func render(_ grid: CellGrid) -> String {
        var out = ""
        for y in 0..<grid.height {
            var current = Style.plain
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation { continue }
                if cell.style != current {
                    out += sgr(from: current, to: cell.style)
                    current = cell.style
                }
                out += cell.symbol
            }
            if current != .plain { out += "\u{1B}[0m" }
            out += "\n"
        }
        return out
    }

    /// The single SGR sequence that changes the terminal from style `old` to `new`.
    static func sgr(from old: Style, to new: Style) -> String {
        var codes: [String] = []
        var base = old
        if !new.attributes.isSuperset(of: old.attributes) {
            // Attributes cannot be switched off one by one portably: reset, then rebuild.
            codes.append("0")
            base = .plain
        }
        let added = new.attributes.subtracting(base.attributes)
        for (flag, code) in [(CellAttributes.bold, "1"), (.dim, "2"), (.underline, "4"), (.reverse, "7")]
        where added.contains(flag) {
            codes.append(code)
        }
        if new.foreground != base.foreground { codes.append(colorCode(new.foreground, layer: 38)) }
        if new.background != base.background { codes.append(colorCode(new.background, layer: 48)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// `38;...` or `48;...` for a colour, `39`/`49` for the default.
    static func colorCode(_ color: TerminalColor, layer: Int) -> String {
        switch color {
        case .default: "\(layer + 1)"
        case .palette(let n): "\(layer);5;\(n)"
        case .rgb(let r, let g, let b): "\(layer);2;\(r);\(g);\(b)"
        }
    }
}

/// Renders `image` as large as fits in `columns x rows` cells, aspect kept, and returns it as
/// ANSI text, one line per row of the image (no padding rows or columns, like `chafa -s`):
/// what `lightbox show` prints. Empty string when nothing fits.
public func renderANSI(image: GrayImage, columns: Int, rows: Int, options: BlockImageOptions = .init()) -> String {
    let fitted = BlockImage.layout(imageWidth: image.width, imageHeight: image.height,
                                   in: Rect(x: 0, y: 0, width: columns, height: rows), options: options)
    var grid = CellGrid(width: fitted.width, height: fitted.height)
    BlockImage.render(image, in: grid.area, into: &grid, options: options)
    return ANSIText.render(grid)
}
