import CellGrid

/// The review screen's picture: `view(state, size) -> CellGrid`, pure.
extension AppState {
    /// Draws the whole screen at the state's size.
    public func view() -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let theme = Theme(colorMode: colorMode)
        let layout = self.layout
        guard layout.fits else {
            let text = "need \(ScreenLayout.minimumWidth)x\(ScreenLayout.minimumHeight), have \(width)x\(height)"
            grid.put(CellGrid.fit(text, width: width), at: Position(x: 0, y: height / 2))
            return asciiOnly ? grid.asciiFallback() : grid
        }
        StatusLine.render(self, in: layout.status, into: &grid, theme: theme)
        Worklist.render(self, in: layout.worklist, into: &grid, theme: theme)
        for y in layout.worklist.y..<layout.worklist.bottom {
            grid[layout.separatorX, y] = Cell("│", style: theme.dim)
        }
        FilmPane.render(self, in: layout.film, into: &grid, theme: theme)
        ProbabilityGauge.render(self, in: layout.gauge, into: &grid, theme: theme)
        MessageLine.render(self, in: layout.message, into: &grid, theme: theme)
        HintLine.render(self, in: layout.hint, into: &grid, theme: theme)
        if mode == .help {
            HelpOverlay.render(in: helpArea, page: helpPage, into: &grid, theme: theme)
        }
        return asciiOnly ? grid.asciiFallback() : grid
    }

    /// Where the help overlay is drawn: between the status and hint lines.
    var helpArea: Rect { Rect(x: 0, y: 1, width: width, height: max(0, height - 2)) }

    /// `state.view()` resized to `width` x `height` first, as `view(state, size)`.
    public static func view(_ state: AppState, width: Int, height: Int) -> CellGrid {
        var sized = state
        _ = sized.update(.resized(width: width, height: height))
        return sized.view()
    }
}
