/// One cell that differs between two frames: where it is and what it must now show.
public struct CellChange: Hashable, Sendable {
    /// Column and row, zero-based.
    public var x: Int, y: Int
    /// The new content of the cell.
    public var cell: Cell

    /// Creates a change of cell (`x`, `y`) to `cell`.
    public init(x: Int, y: Int, cell: Cell) {
        self.x = x
        self.y = y
        self.cell = cell
    }
}

extension CellGrid {
    /// The cells of `self` that differ from `old`, row-major, so a terminal redraws only those.
    ///
    /// When the sizes differ every cell is returned (the screen must be redrawn). The right
    /// half of a wide character is skipped when its left half is in the list, since drawing
    /// the wide glyph already covers it; an unchanged wide glyph keeps its continuation
    /// quiet too.
    public func diff(from old: CellGrid) -> [CellChange] {
        let full = old.width != width || old.height != height
        var changes: [CellChange] = []
        for y in 0..<height {
            var covered = 0
            for x in 0..<width {
                let cell = self[x, y]
                if covered > 0 {
                    covered -= 1
                    continue
                }
                guard full || cell != old[x, y] else { continue }
                if cell.isContinuation && !full && x > 0 && self[x - 1, y].columnWidth == 2 {
                    // The owner is unchanged on screen; a continuation alone draws nothing.
                    if old[x - 1, y] == self[x - 1, y] { continue }
                }
                changes.append(CellChange(x: x, y: y, cell: cell))
                covered = max(0, cell.columnWidth - 1)
            }
        }
        return changes
    }
}
