import CellGrid

/// The overlay's legend line at the foot of the film pane: the two tint swatches and how the
/// explanation was made, or its progress, or why it failed.
enum OverlayLegend {
    /// The selected film's explanation and the colours the screen has.
    struct Input: Equatable {
        /// The explanation's status, or nil when none was asked for.
        var explanation: ExplanationStatus?
        var colorMode: BlockImageColorMode
    }

    /// Columns the long legend needs besides its source words: " ■ for pneumonia ■ against".
    static let longLegendColumns = 26

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        let y = rect.y
        var x = rect.x
        func put(_ text: String, _ style: Style) {
            let fitted = CellGrid.fit(text, width: rect.right - x)
            grid.put(fitted, at: Position(x: x, y: y), style: style, clippedTo: rect)
            x += Cell.width(of: fitted)
        }
        switch input.explanation {
        case .ready(let overlay)?:
            guard input.colorMode != .monochrome else {
                put(" LIME overlay needs a colour terminal ", .plain)
                return
            }
            // " ■ for pneumonia ■ against (LIME, 1000 samples)", shortened on narrow panes.
            let source = " (LIME, \(overlay.samples) samples)"
            let wide = longLegendColumns + Cell.width(of: source) <= rect.width
            put(" ", .plain)
            put("■", Style(foreground: swatch(1, input.colorMode)))
            put(wide ? " for pneumonia " : " for ", .plain)
            put("■", Style(foreground: swatch(-1, input.colorMode)))
            put(wide ? " against" + source : " against (LIME)", .plain)
        case .running(let done, let total)?:
            put(total > 0 ? " LIME: explaining… \(done)/\(total) " : " LIME: explaining… ", .plain)
        case .failed(let reason)?:
            put(" LIME failed: \(reason) ", theme.error)
        case nil:
            break
        }
    }

    /// The legend swatch colour for a tint sign, as the film's tinted cells use it at full strength.
    static func swatch(_ sign: Int8, _ mode: BlockImageColorMode) -> TerminalColor {
        let t = sign > 0 ? BlockImage.positiveTint : BlockImage.negativeTint
        if mode == .truecolor { return .rgb(UInt8(t.r), UInt8(t.g), UInt8(t.b)) }
        return .palette(BlockImage.nearestCubeIndex(r: t.r, g: t.g, b: t.b))
    }
}
