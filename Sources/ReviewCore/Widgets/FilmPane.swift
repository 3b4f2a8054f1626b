import CellGrid

/// The film, drawn with block glyphs at the state's window/level, inversion and zoom, its
/// aspect kept; or a line saying why it is not there yet.
enum FilmPane {
    static func render(_ state: AppState, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        grid.fill(rect, with: .blank)
        guard let film = state.film else {
            centered(state.order.isEmpty ? "no film" : "", in: rect, into: &grid, style: theme.dim)
            return
        }
        if let image = state.filmGreys {
            let options = state.filmView.options(colorMode: state.colorMode, imageWidth: image.width,
                                                 imageHeight: image.height)
            let drawn = BlockImage.render(image, in: rect, into: &grid, options: options)
            if state.overlayOn, case .ready(let overlay)? = state.explanations[film.path],
               let region = BlockImage.visibleRegion(imageWidth: image.width, imageHeight: image.height, options: options) {
                let visible = ImageRegion(x: region.x / Double(image.width), y: region.y / Double(image.height),
                                          width: region.width / Double(image.width), height: region.height / Double(image.height))
                BlockImage.tint(&grid, drawn: drawn, mask: overlay.mask, visible: visible, colorMode: state.colorMode)
            }
            if state.filmView.zoom > 1 {
                grid.put(" x\(Int(state.filmView.zoom)) ", at: Position(x: rect.x, y: rect.y), style: theme.bar, clippedTo: rect)
            }
            if let info = state.filmInfoText {
                // Right-aligned on the top row, clear of the zoom badge at the left.
                let fitted = CellGrid.fit(" " + info + " ", width: max(0, rect.width - 5))
                let x = rect.right - Cell.width(of: fitted)
                grid.put(fitted, at: Position(x: x, y: rect.y), style: theme.bar, clippedTo: rect)
            }
        } else if let failure = film.failure {
            centered("cannot show this film: \(failure)", in: rect, into: &grid, style: theme.error)
        } else {
            centered("loading…", in: rect, into: &grid, style: theme.dim)
        }
        if state.overlayOn, rect.height > 1 {
            OverlayLegend.render(state, in: Rect(x: rect.x, y: rect.bottom - 1, width: rect.width, height: 1),
                                 into: &grid, theme: theme)
        }
    }

    private static func centered(_ text: String, in rect: Rect, into grid: inout CellGrid, style: Style) {
        let fitted = CellGrid.fit(text, width: rect.width)
        let x = rect.x + max(0, (rect.width - Cell.width(of: fitted)) / 2)
        grid.put(fitted, at: Position(x: x, y: rect.y + rect.height / 2), style: style, clippedTo: rect)
    }
}
