import CellGrid
import Feedback

/// Two rows under the film: the probability, threshold and predicted label in words, then a
/// bar filled to the probability with the threshold marked `┃`.
enum ProbabilityGauge {
    /// The selected film's score and the reviewer's verdict on it.
    struct Input: Equatable {
        /// The selected film's score, or nil when no film is selected.
        var score: FilmScore?
        /// Operating threshold in 0...1.
        var threshold: Double
        /// The reviewer's own words for the standing verdict ("PNEUMONIA", "defer"), or nil.
        var verdict: String?
        /// The standing verdict's note ("" for none).
        var note: String
    }

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        let top = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        let bottom = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height > 1 ? 1 : 0)
        grid.putLine("", in: bottom)
        guard let score = input.score else {
            grid.putLine("", in: top)
            return
        }
        // The reviewer's own words, not agree/disagree relative to the model of that day.
        let verdict = input.verdict.map { "  you: \($0)" + (input.note.isEmpty ? "" : "  note: \(input.note)") } ?? ""
        switch score {
        case .noModel:
            grid.putLine(" no model (--model FILE); verdicts are recorded without a prediction" + verdict, in: top, style: theme.dim)
        case .failed(let failure):
            grid.putLine(" model failed: \(failure)", in: top, style: theme.error)
        case .scoring:
            grid.putLine(" scoring… (the model runs in the background)", in: top, style: theme.dim)
            drawBar(p: nil, threshold: input.threshold, in: bottom, into: &grid, theme: theme, filled: .plain)
        case .scored(let p, let label):
            let relation = ClassLabel(probability: p, threshold: input.threshold) == .pneumonia ? "≥" : "<"
            let (pText, tText) = (FilmScore.formatted(p), FilmScore.formatted(input.threshold))
            var text = " P(pneumonia) \(pText) \(relation) threshold \(tText) → "
            if !verdict.isEmpty, Cell.width(of: text + label.rawValue + verdict) > rect.width {
                // Narrow pane: the reviewer's verdict matters more than the words around the numbers.
                text = " P \(pText) \(relation) \(tText) → "
            }
            grid.putLine(text, in: top)
            let accent = label == .pneumonia ? theme.positive : theme.negative
            let x = grid.put(label.rawValue, at: Position(x: rect.x + Cell.width(of: text), y: rect.y),
                             style: accent.over(theme.header), clippedTo: top)
            grid.put(verdict, at: Position(x: x, y: rect.y), style: theme.dim, clippedTo: top)
            drawBar(p: p, threshold: input.threshold, in: bottom, into: &grid, theme: theme, filled: accent)
        }
    }

    /// The bar inside one blank column at each end; nothing when fewer than 3 columns remain.
    private static func drawBar(p: Double?, threshold: Double, in rect: Rect, into grid: inout CellGrid,
                                theme: Theme, filled: Style) {
        let width = rect.width - 2
        guard width > 2, !rect.isEmpty else { return }
        let fill = p.map { Int(($0 * Double(width)).rounded()) } ?? 0
        let mark = min(width - 1, Int((threshold * Double(width)).rounded()))
        for i in 0..<width {
            let x = rect.x + 1 + i
            guard grid.area.contains(Position(x: x, y: rect.y)) else { continue }
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
