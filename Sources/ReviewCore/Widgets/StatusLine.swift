import CellGrid

/// The top line: study, case n of N, reviewed count, model, reviewer, order and filter.
enum StatusLine {
    static func render(_ state: AppState, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        let position = state.order.isEmpty ? "no films listed" : "case \(state.cursor + 1)/\(state.order.count)"
        var parts = [
            "Lightbox", state.studyName, position,
            "reviewed \(state.reviewedCount)/\(state.cases.count)",
            "model \(state.modelID ?? "none")", "reviewer \(state.reviewer)",
        ]
        if state.sort != .name { parts.append("sort: \(state.sort.label)") }
        if state.filter != .all { parts.append("show: \(state.filter.label)") }
        if !state.nameFilter.isEmpty { parts.append("name: \(state.nameFilter)") }
        grid.putLine(" " + parts.joined(separator: " │ "), in: rect, style: theme.bar)
    }
}
