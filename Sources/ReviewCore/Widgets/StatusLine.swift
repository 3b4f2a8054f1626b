import CellGrid

/// The top line: study, case n of N, reviewed count (and "complete"), sort and filter (always),
/// the model (and its adaptation to the study), reviewer. When narrow, "Lightbox" and the
/// reviewer go first, then the model's name is shortened in the middle.
enum StatusLine {
    static func render(_ state: AppState, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        grid.putLine(" " + text(state, width: rect.width - 1), in: rect, style: theme.bar)
    }

    /// The line's text for `width` columns.
    static func text(_ state: AppState, width: Int) -> String {
        let count = state.order.count
        let position = state.order.isEmpty ? "no films listed" : "case \(state.cursor + 1)/\(count)"
        var listing = "show: \(state.filter.label)"
        if !state.nameFilter.isEmpty { listing += ", name: \(state.nameFilter)" }
        let reviewed = "\(state.reviewedCount)/\(state.cases.count)" + (state.isComplete ? " complete" : "")
        let core = [state.studyName, position, "reviewed " + reviewed, "sort: \(state.sort.label)", listing]
        let model = state.modelText
        let separator = " │ "
        func joined(_ parts: [String]) -> String { parts.joined(separator: separator) }
        let candidates = [
            ["Lightbox"] + core + [model, "reviewer \(state.reviewer)"],
            core + [model, "reviewer \(state.reviewer)"],
            core + [model],
        ]
        for parts in candidates where Cell.width(of: joined(parts)) <= width { return joined(parts) }
        // Narrow: shorter words, and the model's name shortened in the middle (or, once
        // adapted, only that it is: the message line named the new model).
        var shortListing = "by \(state.sort.shortLabel), \(state.filter.label)"
        if !state.nameFilter.isEmpty { shortListing += ", name: \(state.nameFilter)" }
        let compact = [state.studyName, state.order.isEmpty ? "none listed" : "\(state.cursor + 1)/\(count)",
                       state.isComplete ? "all reviewed" : reviewed + " reviewed", shortListing]
        var shortModel = "model \(state.modelID ?? "none")"
        if case .adapted(let films, _) = state.adaptation { shortModel = "adapted: \(films) films" }
        if case .running = state.adaptation { shortModel = "adapting…" }
        let room = width - Cell.width(of: joined(compact + [""]))
        return joined(compact + [CellGrid.fitMiddle(shortModel, width: max(room, 8))])
    }
}
