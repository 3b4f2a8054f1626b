/// A cell position: column `x` from the left, row `y` from the top, both zero-based.
public struct Position: Hashable, Sendable {
    /// Column, zero-based.
    public var x: Int
    /// Row, zero-based.
    public var y: Int
    /// Creates a position at column `x`, row `y`.
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// An axis-aligned rectangle of cells; width and height are never negative.
public struct Rect: Hashable, Sendable {
    /// Left column and top row.
    public var x: Int, y: Int
    /// Width in columns and height in rows (>= 0).
    public var width: Int, height: Int

    /// Creates a rectangle; negative sizes are clamped to zero so empty areas stay harmless.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// One past the rightmost column.
    public var right: Int { x + width }
    /// One past the bottom row.
    public var bottom: Int { y + height }
    /// Number of cells covered.
    public var area: Int { width * height }
    /// True when the rectangle covers no cells.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// True when the cell at `position` lies inside.
    public func contains(_ position: Position) -> Bool {
        position.x >= x && position.x < right && position.y >= y && position.y < bottom
    }

    /// The overlap of two rectangles (empty, anchored inside `self`, when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let r = min(right, other.right), b = min(bottom, other.bottom)
        return Rect(x: left, y: top, width: r - left, height: b - top)
    }

    /// The rectangle shrunk by `margin` cells on every side (empty when too small).
    public func inset(by margin: Int) -> Rect {
        Rect(x: x + margin, y: y + margin, width: width - 2 * margin, height: height - 2 * margin)
    }
}
