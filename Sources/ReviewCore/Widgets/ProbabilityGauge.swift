import CellGrid

/// Two rows under the film: the probability, threshold and predicted label in words, then a
/// bar filled to the probability with the threshold marked `┃`.
enum ProbabilityGauge {
    static func render(_ state: AppState, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        let top = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        let bottom = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height > 1 ? 1 : 0)
        grid.putLine("", in: bottom)
        guard let c = state.selectedCase else {
            grid.putLine("", in: top)
            return
        }
        // The reviewer's own words, not agree/disagree relative to the model of that day.
        let verdict = state.standing(c).map { record in
            "  you: \(record.reviewerStatement ?? record.verdict.rawValue)" + (record.note.isEmpty ? "" : "  note: \(record.note)")
        } ?? ""
        guard state.modelID != nil else {
            grid.putLine(" no model (--model FILE); verdicts are recorded without a prediction" + verdict, in: top, style: theme.dim)
            return
        }
        if let failure = c.predictionFailure {
            grid.putLine(" model failed: \(failure)", in: top, style: theme.error)
            return
        }
        guard let p = c.probability else {
            grid.putLine(" scoring… (the model runs in the background)", in: top, style: theme.dim)
            drawBar(p: nil, threshold: state.threshold, in: bottom, into: &grid, theme: theme, filled: .plain)
            return
        }
        let label = state.predictedLabel(p)
        let relation = p >= state.threshold ? "≥" : "<"
        var text = " P(pneumonia) \(Worklist.formatProbability(p)) \(relation) threshold \(Worklist.formatProbability(state.threshold)) → "
        if !verdict.isEmpty, Cell.width(of: text + label.rawValue + verdict) > rect.width {
            // Narrow pane: the reviewer's verdict matters more than the words around the numbers.
            text = " P \(Worklist.formatProbability(p)) \(relation) \(Worklist.formatProbability(state.threshold)) → "
        }
        grid.putLine(text, in: top)
        let x = grid.put(label.rawValue, at: Position(x: rect.x + Cell.width(of: text), y: rect.y),
                         style: Worklist.merge(label == .pneumonia ? theme.positive : theme.negative, theme.header),
                         clippedTo: top)
        grid.put(verdict, at: Position(x: x, y: rect.y), style: theme.dim, clippedTo: top)
        drawBar(p: p, threshold: state.threshold, in: bottom, into: &grid, theme: theme,
                filled: label == .pneumonia ? theme.positive : theme.negative)
    }

    private static func drawBar(p: Double?, threshold: Double, in rect: Rect, into grid: inout CellGrid,
                                theme: Theme, filled: Style) {
        let width = rect.width - 2
        guard width > 2, !rect.isEmpty else { return }
        let fill = p.map { Int(($0 * Double(width)).rounded()) } ?? 0
        let mark = min(width - 1, Int((threshold * Double(width)).rounded()))
        for i in 0..<width {
            let x = rect.x + 1 + i
            if i == mark {
                grid[x, rect.y] = Cell("┃", style: theme.threshold)
            } else if i < fill {
                grid[x, rect.y] = Cell("█", style: filled)
            } else {
                grid[x, rect.y] = Cell("░", style: theme.dim)
            }
        }
    }
}
