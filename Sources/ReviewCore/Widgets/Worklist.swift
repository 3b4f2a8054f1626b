import CellGrid

/// The list of films: verdict mark (✓ your label matches the model now loaded, ✗ it does not,
/// ? deferred, • labelled but not scored, … saving), file name (shortened by `WorklistNames`),
/// probability and predicted label; the selected row in reverse video, scrolled to keep it visible.
enum Worklist {
    /// The films in view, top to bottom.
    struct Input: Equatable {
        /// One entry per film shown (at most the rows that fit, from the scroll position).
        var rows: [Row]
        /// True when the filters list no film at all.
        var isEmpty: Bool
        /// The extension every name shares, when the names are shown without it (the header says it).
        var droppedExtension: String? = nil
    }

    /// One film's row.
    struct Row: Equatable {
        var mark: Mark
        /// The file name without its folders, already shortened to `nameWidth`.
        var fileName: String
        var score: FilmScore
        var isSelected: Bool
    }

    /// The verdict mark at the start of a row.
    enum Mark: Equatable {
        /// No verdict from this reviewer.
        case none
        /// A record is on its way to disk.
        case saving
        /// The standing verdict is a deferral.
        case deferred
        /// The standing label differs from what the model now loaded predicts.
        case disagrees
        /// The standing label is what the model predicts.
        case agrees
        /// Labelled, but there is nothing to compare with (not scored, or no label for training).
        case notCompared
    }

    /// Columns of the mark and the blank after it.
    static let markColumns = 2
    /// Columns of the right-aligned score: "0.93 PNEU" (probability, blank, short label).
    static let scoreColumns = 9
    /// Columns of the short label at the right edge ("PNEU", "NORM").
    static let labelColumns = 4

    /// Columns of the file name in a worklist `width` columns wide: what the mark and the score
    /// (with a blank before it) leave.
    static func nameWidth(in width: Int) -> Int { max(1, width - markColumns - scoreColumns - 1) }

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        guard !rect.isEmpty else { return }
        let nameWidth = nameWidth(in: rect.width)
        let title = input.droppedExtension.map { " film (\($0))" } ?? " film"
        let header = CellGrid.pad(CellGrid.fit(title, width: rect.width - scoreColumns), to: rect.width - scoreColumns) + "   p pred"
        grid.putLine(header, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: theme.header)
        for row in 0..<(rect.height - 1) {
            let y = rect.y + 1 + row
            let line = Rect(x: rect.x, y: y, width: rect.width, height: 1)
            guard row < input.rows.count else {
                grid.putLine("", in: line)
                if input.isEmpty && row == 0 {
                    grid.putLine(" no films listed (f, / change it)", in: line, style: theme.dim)
                }
                continue
            }
            let film = input.rows[row]
            let base = film.isSelected ? theme.selected : Style.plain
            grid.putLine("", in: line, style: base)
            let (mark, markStyle) = markText(film.mark, theme: theme)
            grid.put(mark, at: Position(x: rect.x, y: y), style: markStyle.over(base), clippedTo: line)
            grid.put(CellGrid.fitMiddle(film.fileName, width: nameWidth), at: Position(x: rect.x + markColumns, y: y),
                     style: base, clippedTo: line)
            // Probability and label, right-aligned.
            let (pText, labelText, labelStyle) = scoreTexts(film.score, theme: theme)
            grid.put(pText, at: Position(x: rect.right - scoreColumns, y: y), style: base, clippedTo: line)
            grid.put(labelText, at: Position(x: rect.right - labelColumns, y: y), style: labelStyle.over(base),
                     clippedTo: line)
        }
    }

    /// The mark's glyph and accent (laid over the row's style).
    static func markText(_ mark: Mark, theme: Theme) -> (String, Style) {
        switch mark {
        case .none: (" ", .plain)
        case .saving: ("…", theme.pending)
        case .deferred: ("?", theme.pending)
        case .disagrees: ("✗", theme.disagree)
        case .agrees: ("✓", theme.agree)
        case .notCompared: ("•", theme.agree)
        }
    }

    /// Probability ("0.93"), short label ("PNEU") and the label's style for one film.
    static func scoreTexts(_ score: FilmScore, theme: Theme) -> (String, String, Style) {
        switch score {
        case .noModel: ("   -", "    ", .plain)
        case .failed: (" err", "    ", theme.error)
        case .scoring: ("   …", "    ", .plain)
        case .scored(let p, let label):
            (FilmScore.formatted(p), label == .pneumonia ? "PNEU" : "NORM", label == .pneumonia ? theme.positive : theme.negative)
        }
    }
}
