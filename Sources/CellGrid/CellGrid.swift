/// A `width x height` screen of cells, stored row-major: the buffer widgets render into.
///
/// Out-of-bounds writes through `put` and `fill` are clipped, never trapped, so a widget
/// given a zero-size or partly off-screen area draws nothing instead of crashing.
public struct CellGrid: Hashable, Sendable {
    /// Width in columns (>= 0).
    public let width: Int
    /// Height in rows (>= 0).
    public let height: Int
    /// `width * height` cells, row-major: cell (x, y) is `cells[y * width + x]`.
    public private(set) var cells: [Cell]

    /// Creates a grid filled with `cell` (blank by default); negative sizes become zero.
    public init(width: Int, height: Int, filledWith cell: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = [Cell](repeating: cell, count: self.width * self.height)
    }

    /// The whole grid as a rectangle at the origin.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; both must be in bounds (a programming error otherwise).
    public subscript(x: Int, y: Int) -> Cell {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x),\(y)) outside \(width)x\(height)")
            return cells[y * width + x]
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x),\(y)) outside \(width)x\(height)")
            cells[y * width + x] = newValue
        }
    }

    /// Sets every cell of `rect` (clipped to the grid) to `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right { self[x, y] = cell }
            repairWideCharacterEdges(row: y, from: r.x, to: r.right)
        }
    }
}
