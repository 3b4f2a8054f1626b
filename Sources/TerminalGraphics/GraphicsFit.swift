/// Where a film goes when drawn as an image in a box of cells.
public struct GraphicsFit: Sendable, Equatable {
    /// The image's size in pixels (each >= 1), the film's aspect ratio kept.
    public var pixelWidth: Int
    public var pixelHeight: Int
    /// The cells it covers (each >= 1): the pixels divided by the cell size, rounded up.
    public var columns: Int
    public var rows: Int

    public init(pixelWidth: Int, pixelHeight: Int, columns: Int, rows: Int) {
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.columns = columns
        self.rows = rows
    }

    /// The largest image of the film's aspect that fits in `columns x rows` cells of `cell`
    /// pixels. A degenerate film or box yields a 1x1-pixel, 1x1-cell fit.
    public init(imageWidth: Int, imageHeight: Int, columns: Int, rows: Int, cell: CellPixelSize) {
        let boxWidth = max(1, columns) * cell.width, boxHeight = max(1, rows) * cell.height
        guard imageWidth > 0, imageHeight > 0 else {
            self.init(pixelWidth: 1, pixelHeight: 1, columns: 1, rows: 1)
            return
        }
        let scale = min(Double(boxWidth) / Double(imageWidth), Double(boxHeight) / Double(imageHeight))
        let w = min(boxWidth, max(1, Int((Double(imageWidth) * scale).rounded())))
        let h = min(boxHeight, max(1, Int((Double(imageHeight) * scale).rounded())))
        self.init(pixelWidth: w, pixelHeight: h,
                  columns: (w + cell.width - 1) / cell.width, rows: (h + cell.height - 1) / cell.height)
    }
}
