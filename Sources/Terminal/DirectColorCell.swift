/// A cell whose 24-bit colours are written to the terminal directly, when the terminfo entry
/// has only 256 colours but the terminal takes 24-bit escapes (COLORTERM=truecolor): ncurses
/// draws the cell with the nearest palette colours first, so its picture of the screen stays
/// right, and these escapes then repaint it exactly.
struct DirectColorCell: Equatable {
    /// Column and row, from 0.
    var x: Int, y: Int
    /// The glyph.
    var symbol: String
    /// 24-bit foreground and background, nil for the terminal's default.
    var foreground: (UInt8, UInt8, UInt8)?
    var background: (UInt8, UInt8, UInt8)?

    static func == (a: DirectColorCell, b: DirectColorCell) -> Bool {
        a.x == b.x && a.y == b.y && a.symbol == b.symbol
            && a.foreground.map { [$0.0, $0.1, $0.2] } == b.foreground.map { [$0.0, $0.1, $0.2] }
            && a.background.map { [$0.0, $0.1, $0.2] } == b.background.map { [$0.0, $0.1, $0.2] }
    }

    /// The escapes that paint `cells` (in row-major order): a cursor move (CUP) before each
    /// run of adjacent cells, one SGR per cell, then attributes reset (SGR 0, as ncurses
    /// leaves them after an update) and the cursor put back where ncurses believes it is.
    static func escapes(_ cells: [DirectColorCell], restoreCursor cursor: (x: Int, y: Int)) -> String {
        guard !cells.isEmpty else { return "" }
        var out = ""
        var next: (x: Int, y: Int)?
        for cell in cells {
            if next == nil || next! != (cell.x, cell.y) { out += "\u{1B}[\(cell.y + 1);\(cell.x + 1)H" }
            var sgr = "0"
            if let f = cell.foreground { sgr += ";38;2;\(f.0);\(f.1);\(f.2)" }
            if let b = cell.background { sgr += ";48;2;\(b.0);\(b.1);\(b.2)" }
            out += "\u{1B}[\(sgr)m" + cell.symbol
            next = (cell.x + 1, cell.y)
        }
        return out + "\u{1B}[0m\u{1B}[\(cursor.y + 1);\(cursor.x + 1)H"
    }
}
