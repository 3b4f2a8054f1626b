/// The grid for a terminal that is not UTF-8 (LANG=C or another 8-bit locale): every cell
/// in printable ASCII, the same width, so the layout holds.
///
/// Box lines become `| - +`, marks and arrows their nearest ASCII (`✓` `+`, `✗` `x`, `…` `.`,
/// `→` `>`), the monochrome shade ramp ` ░▒▓█` becomes ` .:#@`, and a block glyph in colour
/// becomes a blank whose background is the colour covering most of the cell (the film keeps
/// its greys at one sample per cell). Anything else outside ASCII (a name in another script)
/// becomes `?`, one per column.
extension CellGrid {
    /// This grid with every symbol in printable ASCII (see the type's notes).
    public func asciiFallback() -> CellGrid {
        var out = self
        for y in 0..<height {
            for x in 0..<width {
                out[x, y] = Self.ascii(self[x, y])
            }
        }
        return out
    }

    /// Foreground coverage of the block glyphs BlockImage draws (fraction of the cell).
    private static let coverage: [String: Double] = [
        "▀": 0.5, "▄": 0.5, "▌": 0.5, "▐": 0.5, "▂": 0.25, "▆": 0.75, "█": 1,
        "▘": 0.25, "▝": 0.25, "▖": 0.25, "▗": 0.25, "▚": 0.5, "▞": 0.5,
        "▁": 0.125, "▃": 0.375, "▅": 0.625, "▇": 0.875,
        "▏": 0.125, "▎": 0.25, "▍": 0.375, "▋": 0.625, "▊": 0.75, "▉": 0.875,
    ]

    private static let replacements: [String: String] = [
        "│": "|", "┃": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "✓": "+", "✗": "x", "…": ".", "•": "*", "■": "#", "·": ".", "—": "-",
        "→": ">", "←": "<", "↑": "^", "↓": "v", "≥": ">", "≤": "<",
        "░": ".", "▒": ":", "▓": "#", "█": "@", "▏": "_",
    ]

    private static func ascii(_ cell: Cell) -> Cell {
        var out = cell
        if cell.isContinuation {
            out.symbol = "?"
            return out
        }
        if cell.symbol.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return cell }
        if let share = coverage[cell.symbol], cell.foreground != .default || cell.background != .default {
            out.symbol = " "
            out.background = share >= 0.5 ? cell.foreground : cell.background
            out.foreground = .default
            return out
        }
        out.symbol = replacements[cell.symbol] ?? "?"
        return out
    }
}
