import CellGrid
import Imaging
import TerminalGraphics

/// A scene encoded for the terminal, in pieces small enough that curses may draw between them.
public struct EncodedFilm: Sendable, Equatable {
    /// Written first, in order. kitty: the transmission's chunks (nothing shown yet); sixel:
    /// the image in strips, each with its own cursor move, so each shows as it arrives.
    public var pieces: [String]
    /// kitty: shows the transmitted image over the cells (cursor saved, moved, `a=p`, restored);
    /// small, so it is sent again after a clear. Empty for sixel.
    public var placement: String
}

extension FilmScene {
    /// Cell rows per sixel strip: whole bands of six pixels, whole cells, about 48 pixels or more.
    package static func stripRows(cellHeight: Int) -> Int {
        var a = 6, b = max(1, cellHeight)
        while b != 0 { (a, b) = (b, a % b) }
        let base = 6 / a
        var rows = base
        while rows * cellHeight < 48 { rows += base }
        return rows
    }

    /// The scene's image for `graphics`: kitty as image `kittyID` (placement 1), a PNG grey or,
    /// with the overlay, RGB; sixel in strips of `stripRows` cells, greys or greys and tints.
    /// `tmuxPassthrough` wraps each escape sequence for tmux.
    public func encoded(_ image: GrayImage, graphics: GraphicsProtocol, cell: CellPixelSize, kittyID: UInt32,
                        tmuxPassthrough: Bool) -> EncodedFilm {
        let raster = raster(of: image, cell: cell)
        let tinted = tinted(raster, of: image)
        let shown = imageCells
        func wrap(_ s: String) -> String { tmuxPassthrough ? TmuxPassthrough.wrap(s) : s }
        func at(_ row: Int, _ s: String) -> String { "\u{1B}7\u{1B}[\(row + 1);\(shown.x + 1)H" + s + "\u{1B}8" }
        switch graphics {
        case .kitty:
            let png = tinted.map { PNGWriter.rgb(width: raster.width, height: raster.height, rgb: $0.rgb()) } ?? PNGWriter.grey(raster)
            return EncodedFilm(pieces: KittyGraphics.transmit(png: png, id: kittyID).map(wrap),
                               placement: at(shown.y, wrap(KittyGraphics.place(id: kittyID, placement: 1, columns: shown.width, rows: shown.height))))
        case .sixel:
            let sixel = tinted.map(SixelImage.init(tinted:)) ?? SixelImage(raster)
            let strip = Self.stripRows(cellHeight: cell.height)
            let strips = SixelEncoder.encodeStrips(sixel, stripHeight: strip * cell.height)
            return EncodedFilm(pieces: strips.enumerated().map { at(shown.y + $0 * strip, wrap($1)) }, placement: "")
        case .symbols:
            return EncodedFilm(pieces: [], placement: "")
        }
    }
}
