extension CellGrid {
    /// Writes `text` left to right from `position` in `style`, clipped to `clip` (and the grid);
    /// returns the column just after the last one written.
    ///
    /// Wide characters take two cells (the right one becomes a continuation `""`); a wide
    /// character cut by the clip edge is drawn as blanks instead of half a glyph. Control
    /// and zero-width characters are dropped. Writing over half of an existing wide
    /// character blanks its other half, so the grid never holds an orphaned half.
    @discardableResult
    public mutating func put(_ text: String, at position: Position, style: Style = .plain,
                             clippedTo clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard !bounds.isEmpty, position.y >= bounds.y, position.y < bounds.bottom else { return position.x }
        let y = position.y
        var x = position.x
        var firstWritten: Int?
        let blank = Cell(" ", style: style)
        for character in text {
            let w = Cell.columnWidth(of: character)
            if w == 0 { continue }
            if x >= bounds.right { break }
            if x + w <= bounds.x {
                // Wholly left of the clip (text that starts before a narrow area).
                x += w
                continue
            }
            if x < bounds.x || x + w > bounds.right {
                // Partly visible wide character: blank the visible columns.
                for cx in max(x, bounds.x)..<min(x + w, bounds.right) {
                    self[cx, y] = blank
                    firstWritten = firstWritten ?? cx
                }
                x += w
                continue
            }
            self[x, y] = Cell(String(character), style: style)
            if w == 2 { self[x + 1, y] = Cell("", style: style) }
            firstWritten = firstWritten ?? x
            x += w
        }
        if let start = firstWritten {
            repairWideCharacterEdges(row: y, from: start, to: min(x, bounds.right))
        }
        return min(x, bounds.right)
    }

    /// After cells `from..<to` of `row` were overwritten, blanks a wide character left of the
    /// range whose right half was lost, and a continuation right of it whose owner was lost.
    mutating func repairWideCharacterEdges(row y: Int, from: Int, to: Int) {
        if from > 0, from < width, self[from - 1, y].columnWidth == 2, !self[from, y].isContinuation {
            self[from - 1, y].symbol = " "
        }
        if to < width, to > 0, self[to, y].isContinuation, self[to - 1, y].columnWidth != 2 {
            self[to, y].symbol = " "
        }
    }
}
