import CellGrid

/// The overlay's legend line, drawn under the film (in place of the probability bar, so it
/// never covers the film): the tints at three strengths for each side, what a strength means
/// (the superpixel's weight over this film's largest, with that largest in log-odds) and how
/// the explanation was made; or its progress, or why it failed.
enum OverlayLegend {
    /// The selected film's explanation and the colours the screen has.
    struct Input: Equatable {
        /// The explanation's status, or nil when none was asked for.
        var explanation: ExplanationStatus?
        var colorMode: BlockImageColorMode
    }

    /// The strengths the swatches show, weakest first.
    static let swatchStrengths: [Float] = [1.0 / 3, 2.0 / 3, 1]

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        grid.putLine("", in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
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
            let words = texts(overlay, width: rect.width)
            put(words.for, .plain)
            for s in swatchStrengths { put("■", Style(foreground: swatch(1, strength: s, input.colorMode))) }
            put(words.against, .plain)
            for s in swatchStrengths { put("■", Style(foreground: swatch(-1, strength: s, input.colorMode))) }
            put(words.tail, .plain)
        case .running(let done, let total)?:
            put(total > 0 ? " LIME: explaining… \(done)/\(total) " : " LIME: explaining… ", .plain)
        case .failed(let reason)?:
            put(" LIME failed: \(reason) ", theme.error)
        case nil:
            break
        }
    }

    /// The words around the swatches, the longest that fit `width` columns:
    /// ` for pneumonia ■■■ against ■■■ · shade = weight ÷ largest, 0.42 log-odds · LIME, 1000 samples`.
    static func texts(_ overlay: LIMEOverlay, width: Int) -> (for: String, against: String, tail: String) {
        let largest = overlay.largestWeight.map { w in
            let hundredths = Int((w * 100).rounded())
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        }
        let long = (" for pneumonia ", " against "), short = (" for ", " against ")
        let source = " (LIME, \(overlay.samples) samples)"
        // The weight's scale first (what the shades mean), then where the explanation came from.
        let candidates: [((String, String), String?)] = [
            (long, largest.map { " · shade = weight ÷ largest, \($0) log-odds · LIME, \(overlay.samples) samples" }),
            (long, largest.map { " · shade = weight ÷ largest, \($0) log-odds" }),
            (short, largest.map { " · shade = weight ÷ largest, \($0)" }),
            (short, largest.map { " · shade ∝ weight, max \($0)" }),
            (short, largest.map { " · max \($0)" }),
            (long, source), (short, source), (short, " (LIME)"),
        ]
        for (words, tail) in candidates {
            guard let tail else { continue }
            if Cell.width(of: words.0 + words.1 + tail) + 2 * swatchStrengths.count <= width { return (words.0, words.1, tail) }
        }
        return (" for ", " against ", "")
    }

    /// The legend swatch colour for a tint sign at `strength`, as a tinted cell of mid grey.
    static func swatch(_ sign: Int8, strength: Float, _ mode: BlockImageColorMode) -> TerminalColor {
        let grey: TerminalColor = mode == .truecolor ? .rgb(128, 128, 128) : .palette(GreyPalette.entries[GreyPalette.entries.count / 2].index)
        return BlockImage.tinted(grey, sign: sign, strength: strength, colorMode: mode)
    }
}
