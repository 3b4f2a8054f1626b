import CellGrid
import Imaging
import ReviewCore
import TerminalGraphics

/// What the review's film pane shows as a terminal image, as a value: the painter sends a new
/// image exactly when this changes. Pure.
public struct FilmScene: Equatable, Sendable {
    /// The film's path in the study.
    public var path: String
    /// The decoded film's size (a sharper decode of the same film is a new scene).
    public var imageWidth: Int
    public var imageHeight: Int
    /// Window/level, invert, zoom and pan.
    public var view: FilmView
    /// The cells the image covers: the same as the block-character film, so the geometry
    /// matches what the reviewer saw before.
    public var cells: Rect

    /// The scene for `state`, or nil when no image should be on screen: no film decoded yet,
    /// the help overlay open, or the LIME overlay on (it is drawn tinted in block characters).
    public init?(_ state: AppState) {
        let layout = state.layout
        guard layout.fits, state.mode != .help, !state.overlayOn,
              let film = state.film, film.failure == nil, let image = film.image, !image.isEmpty else { return nil }
        let options = state.filmView.options(colorMode: state.colorMode, imageWidth: image.width, imageHeight: image.height)
        let cells = BlockImage.layout(imageWidth: image.width, imageHeight: image.height, in: layout.film, options: options)
        guard !cells.isEmpty else { return nil }
        self.path = film.path
        self.imageWidth = image.width
        self.imageHeight = image.height
        self.view = state.filmView
        self.cells = cells
    }

    /// The film's visible part, windowed (and inverted) as the block film is, at
    /// `cells x cell` pixels: what the terminal is sent.
    public func raster(of image: GrayImage, cell: CellPixelSize) -> GreyRaster {
        let options = view.options(colorMode: .truecolor, imageWidth: image.width, imageHeight: image.height)
        let width = cells.width * cell.width, height = cells.height * cell.height
        guard let region = BlockImage.visibleRegion(imageWidth: image.width, imageHeight: image.height, options: options) else {
            return GreyRaster(width: width, height: height, bytes: [UInt8](repeating: 0, count: width * height))
        }
        let pixels = image.areaAveraged(x: region.x, y: region.y, width: region.width, height: region.height,
                                        outWidth: width, outHeight: height, map: options.displayGrey)
        return GreyRaster(GrayImage(width: width, height: height, pixels: pixels))
    }

    /// The bytes that draw the scene at its cells: cursor saved, moved to the cells' origin,
    /// the image (kitty: id `kittyID`, scaled to the cells, cursor left alone; sixel), cursor
    /// restored, so curses's idea of the cursor stays right.
    public func text(of image: GrayImage, graphics: GraphicsProtocol, cell: CellPixelSize, kittyID: UInt32,
              tmuxPassthrough: Bool) -> String {
        let raster = raster(of: image, cell: cell)
        var sequence = switch graphics {
        case .kitty: KittyGraphics.transmitAndDisplay(raster, id: kittyID, placement: 1, columns: cells.width,
                                                      rows: cells.height, moveCursor: false)
        case .sixel: SixelEncoder.encode(raster)
        case .symbols: ""
        }
        if tmuxPassthrough { sequence = TmuxPassthrough.wrapEach(sequence) }
        return "\u{1B}7\u{1B}[\(cells.y + 1);\(cells.x + 1)H" + sequence + "\u{1B}8"
    }
}
