import CellGrid
import Imaging
import ReviewCore
import Workflows
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
    /// The cells of the block-character film, so the geometry matches what the reviewer saw
    /// before; the image covers them all (the LIME legend is drawn below the pane).
    public var cells: Rect
    /// How many of `cells`' rows, from the top, the image covers: all of them.
    public var rows: Int
    /// The LIME overlay's mask (in fractions of the film), when the overlay is on and its
    /// explanation ready: blended into the image with `ExplanationColors`, as over the block film.
    public var overlay: TintMask?

    /// The scene for `state`, or nil when no image should be on screen: no film decoded yet
    /// or the help overlay open.
    public init?(_ state: AppState) {
        let layout = state.layout
        guard layout.fits, state.mode != .help,
              let film = state.film, film.failure == nil, let image = film.image, !image.isEmpty else { return nil }
        let options = state.filmView.options(colorMode: state.colorMode, imageWidth: image.width, imageHeight: image.height)
        let cells = BlockImage.layout(imageWidth: image.width, imageHeight: image.height, in: layout.film, options: options)
        guard !cells.isEmpty else { return nil }
        let rows = cells.height
        if state.overlayOn {
            let owner = state.selectedCase?.id.relativePath == film.path ? state.selectedCase
                : state.cases.first(where: { $0.id.relativePath == film.path })
            if case .ready(let explanation)? = owner?.explanation, state.colorMode != .monochrome {
                overlay = explanation.mask
            }
        }
        self.path = film.path
        self.imageWidth = image.width
        self.imageHeight = image.height
        self.view = state.filmView
        self.cells = cells
        self.rows = rows
    }

    /// The cells the image covers: `cells` cut to `rows`.
    public var imageCells: Rect { Rect(x: cells.x, y: cells.y, width: cells.width, height: rows) }

    /// The film's visible part (its top `rows / cells.height` when the legend is cut off),
    /// windowed and inverted as the block film is, at `imageCells x cell` pixels.
    public func raster(of image: GrayImage, cell: CellPixelSize) -> GreyRaster {
        let width = cells.width * cell.width, height = rows * cell.height
        guard let region = shownRegion(of: image) else {
            return GreyRaster(width: width, height: height, bytes: [UInt8](repeating: 0, count: width * height))
        }
        let options = view.options(colorMode: .truecolor, imageWidth: image.width, imageHeight: image.height)
        let pixels = image.areaAveraged(x: region.x, y: region.y, width: region.width, height: region.height,
                                        outWidth: width, outHeight: height, map: options.displayGrey)
        return GreyRaster(GrayImage(width: width, height: height, pixels: pixels))
    }

    /// `raster` with the overlay's sign at each pixel's centre, or nil without an overlay.
    public func tinted(_ raster: GreyRaster, of image: GrayImage) -> TintedRaster? {
        guard let overlay, let region = shownRegion(of: image) else { return nil }
        let w = raster.width, h = raster.height
        let fx = (0..<w).map { (region.x + (Double($0) + 0.5) / Double(w) * region.width) / Double(image.width) }
        var signs = [Int8](repeating: 0, count: w * h), strengths = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            let fy = (region.y + (Double(y) + 0.5) / Double(h) * region.height) / Double(image.height)
            for x in 0..<w {
                signs[y * w + x] = overlay.value(atFractionX: fx[x], y: fy)
                strengths[y * w + x] = UInt8((overlay.strength(atFractionX: fx[x], y: fy) * 255).rounded())
            }
        }
        return TintedRaster(grey: raster, signs: signs, strengths: strengths)
    }

    /// The part of the film in pixels that `imageCells` show.
    private func shownRegion(of image: GrayImage) -> ImageRegion? {
        let options = view.options(colorMode: .truecolor, imageWidth: image.width, imageHeight: image.height)
        guard var region = BlockImage.visibleRegion(imageWidth: image.width, imageHeight: image.height, options: options) else { return nil }
        region.height *= Double(rows) / Double(cells.height)
        return region
    }
}
