import CellGrid

/// Where each part of the review screen goes on a `width` x `height` terminal.
///
/// Rows: status line on top, then the worklist on the left and the film with its gauge on
/// the right, then the message line and the hint line at the bottom.
public struct ScreenLayout: Sendable, Equatable {
    /// Smallest terminal the screen is laid out for; smaller ones get a notice.
    public static let minimumWidth = 40, minimumHeight = 10

    /// Below this width the worklist and the film pane share the screen half and half.
    static let narrowWidth = 60
    /// From `narrowWidth` on the worklist takes two fifths of the width, at least 28 columns
    /// (16 for the file name besides the mark and the score) and at most 44 (32 for the name:
    /// a whole Kermany name such as `person1000_bacteria_2931.jpeg` fits), the rest going to
    /// the film.
    static let narrowestWorklist = 28, widestWorklist = 44

    public var status: Rect
    public var worklist: Rect
    public var separatorX: Int
    public var film: Rect
    public var gauge: Rect
    public var message: Rect
    public var hint: Rect
    /// False when the terminal is below the minimum size.
    public var fits: Bool

    /// Lays out a `width` x `height` screen.
    public init(width: Int, height: Int) {
        fits = width >= Self.minimumWidth && height >= Self.minimumHeight
        status = Rect(x: 0, y: 0, width: width, height: 1)
        message = Rect(x: 0, y: height - 2, width: width, height: 1)
        hint = Rect(x: 0, y: height - 1, width: width, height: 1)
        let mainHeight = max(0, height - 3)
        let listWidth = width < Self.narrowWidth ? width / 2
            : min(Self.widestWorklist, max(Self.narrowestWorklist, width * 2 / 5))
        worklist = Rect(x: 0, y: 1, width: listWidth, height: mainHeight)
        separatorX = listWidth
        let right = Rect(x: listWidth + 1, y: 1, width: width - listWidth - 1, height: mainHeight)
        let gaugeHeight = 2
        film = Rect(x: right.x, y: right.y, width: right.width, height: max(0, right.height - gaugeHeight))
        gauge = Rect(x: right.x, y: film.bottom, width: right.width, height: min(gaugeHeight, right.height))
    }

    /// Worklist rows that show films (the first row is the header).
    public var worklistRows: Int { max(1, worklist.height - 1) }
}
