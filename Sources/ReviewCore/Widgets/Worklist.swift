import CellGrid

/// The list of films: verdict mark (✓ your label matches the model now loaded, ✗ it does not,
/// ? deferred, • labelled but not scored, … saving), file name (shortened in the middle),
/// probability and predicted label; the selected row in reverse video, scrolled to keep it visible.
enum Worklist {
    static func render(_ state: AppState, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        let nameWidth = max(1, rect.width - 12)
        let header = pad(" film", rect.width - 9) + "   p pred"
        grid.putLine(header, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: theme.header)
        let rows = rect.height - 1
        for row in 0..<rows {
            let y = rect.y + 1 + row
            let line = Rect(x: rect.x, y: y, width: rect.width, height: 1)
            let position = state.scrollTop + row
            guard position < state.order.count else {
                grid.putLine("", in: line)
                if state.order.isEmpty && row == 0 {
                    grid.putLine(" no films listed (f, / change it)", in: line, style: theme.dim)
                }
                continue
            }
            let reviewCase = state.cases[state.order[position]]
            let isSelected = position == state.cursor
            let base = isSelected ? theme.selected : Style.plain
            grid.putLine("", in: line, style: base)
            // Mark.
            var markStyle = base
            var mark = " "
            if state.isPending(path: reviewCase.id.relativePath) {
                mark = "…"
                markStyle = merge(theme.pending, base)
            } else if let standing = state.standing(reviewCase) {
                // Agreement with the model now loaded, not the one of the verdict's day.
                if standing.verdict == .deferred {
                    mark = "?"
                    markStyle = merge(theme.pending, base)
                } else if state.disagreesWithModel(reviewCase) {
                    mark = "✗"
                    markStyle = merge(theme.disagree, base)
                } else {
                    mark = standing.labelForTraining == nil || reviewCase.probability == nil ? "•" : "✓"
                    markStyle = merge(theme.agree, base)
                }
            }
            grid.put(mark, at: Position(x: rect.x, y: y), style: markStyle, clippedTo: line)
            grid.put(CellGrid.fitMiddle(reviewCase.fileName, width: nameWidth), at: Position(x: rect.x + 2, y: y),
                     style: base, clippedTo: line)
            // Probability and label, right-aligned.
            let (pText, labelText, labelStyle) = scoreTexts(reviewCase, state: state, theme: theme)
            grid.put(pText, at: Position(x: rect.right - 9, y: y), style: base, clippedTo: line)
            grid.put(labelText, at: Position(x: rect.right - 4, y: y), style: merge(labelStyle, base), clippedTo: line)
        }
    }

    /// Probability ("0.93"), short label ("PNEU") and the label's style for one film.
    static func scoreTexts(_ c: ReviewCase, state: AppState, theme: Theme) -> (String, String, Style) {
        guard state.modelID != nil else { return ("   -", "    ", .plain) }
        if c.predictionFailure != nil { return (" err", "    ", theme.error) }
        guard let p = c.probability else { return ("   …", "    ", .plain) }
        let label = state.predictedLabel(p)
        return (formatProbability(p), label == .pneumonia ? "PNEU" : "NORM",
                label == .pneumonia ? theme.positive : theme.negative)
    }

    /// "0.93": two decimals, without Foundation.
    static func formatProbability(_ p: Double) -> String {
        let hundredths = Int((min(1, max(0, p)) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// `accent`'s colours and attributes over a selected or plain row.
    static func merge(_ accent: Style, _ base: Style) -> Style {
        Style(foreground: accent.foreground, background: base.background,
              attributes: accent.attributes.union(base.attributes))
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let w = Cell.width(of: text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }
}
