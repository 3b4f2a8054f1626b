import CellGrid
import Imaging

/// The film, drawn with block glyphs at the view's window/level, inversion and zoom, its
/// aspect kept; or a line saying why it is not there yet.
enum FilmPane {
    /// What the pane shows.
    struct Input: Equatable {
        var content: Content
        /// The overlay's legend (drawn under the pane, `AppState.view`), nil while the overlay is off.
        var legend: OverlayLegend.Input?
    }

    /// The film or why there is none.
    enum Content: Equatable {
        /// No film selected; `emptyList` when the worklist lists none.
        case none(emptyList: Bool)
        /// Decoding.
        case loading
        /// The film could not be decoded, for this reason.
        case failed(String)
        /// The decoded film (greys 0...255) as the view draws it.
        case film(Film)
    }

    /// A decoded film and how to draw it.
    struct Film: Equatable {
        var image: GrayImage
        /// Window, inversion and the zoomed region, in the screen's colours.
        var options: BlockImageOptions
        /// The explanation's mask to tint the film with, nil when the overlay is off or not ready.
        var tint: TintMask?
        /// Magnification (1: the whole film); above 1 the pane says so in its corner.
        var zoom: Double
        /// The film's header line (DICOM, PNG), drawn at the top right; nil for none.
        var info: String? = nil
        /// The window/level in force while it differs from the default (it carries over from
        /// film to film), drawn at the bottom left; nil at the default.
        var window: String? = nil
    }

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        grid.fill(rect, with: .blank)
        switch input.content {
        case .none(let emptyList):
            grid.putCentered(emptyList ? "no film" : "", in: rect, style: theme.dim)
            return
        case .film(let film):
            draw(film, in: rect, into: &grid, theme: theme)
        case .failed(let failure):
            grid.putCentered("cannot show this film: \(failure)", in: rect, style: theme.error)
        case .loading:
            grid.putCentered("loading…", in: rect, style: theme.dim)
        }
    }

    private static func draw(_ film: Film, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        let image = film.image, options = film.options
        let drawn = BlockImage.render(image, in: rect, into: &grid, options: options)
        if let mask = film.tint,
           let region = BlockImage.visibleRegion(imageWidth: image.width, imageHeight: image.height, options: options) {
            let visible = ImageRegion(x: region.x / Double(image.width), y: region.y / Double(image.height),
                                      width: region.width / Double(image.width), height: region.height / Double(image.height))
            BlockImage.tint(&grid, drawn: drawn, mask: mask, visible: visible, colorMode: options.colorMode)
        }
        if film.zoom > 1 {
            grid.put(" x\(Int(film.zoom)) ", at: Position(x: rect.x, y: rect.y), style: theme.bar, clippedTo: rect)
        }
        if let window = film.window {
            grid.put(" " + window + " ", at: Position(x: rect.x, y: rect.bottom - 1), style: theme.bar, clippedTo: rect)
        }
        if let info = film.info {
            // Right-aligned on the top row, clear of the zoom badge at the left.
            let fitted = CellGrid.fit(" " + info + " ", width: max(0, rect.width - 5))
            grid.put(fitted, at: Position(x: rect.right - Cell.width(of: fitted), y: rect.y), style: theme.bar, clippedTo: rect)
        }
    }
}
