import CellGrid

/// The line above the hints: a text prompt, the last message, or background progress.
enum MessageLine {
    static func render(_ state: AppState, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        switch state.mode {
        case .noteInput(_, let text):
            grid.putLine(" note: " + text + "▏", in: rect, style: theme.header)
            return
        case .filterInput(let text):
            grid.putLine(" /" + text + "▏", in: rect, style: theme.header)
            return
        case .browsing, .help:
            break
        }
        let progress = progressText(state)
        if let message = state.message {
            let style = message.hasPrefix("NOT saved") || message.hasPrefix("verdicts cannot") ? theme.error : Style.plain
            grid.putLine(" " + message, in: rect, style: style)
            // Progress stays visible at the right when there is room.
            let room = rect.width - Cell.width(of: message) - 4
            if !progress.isEmpty, room > Cell.width(of: progress) {
                let x = rect.right - Cell.width(of: progress) - 1
                grid.put(progress, at: Position(x: x, y: rect.y), style: theme.dim, clippedTo: rect)
            }
        } else {
            grid.putLine(" " + progress, in: rect, style: theme.dim)
        }
    }

    /// "scoring 120/5000 · hashing 3000/5000", or what is done.
    static func progressText(_ state: AppState) -> String {
        let total = state.cases.count
        var parts: [String] = []
        if state.modelID == nil {
            parts.append("no model: verdicts are recorded without a prediction")
        } else if state.scoredCount < total {
            parts.append("scoring \(state.scoredCount)/\(total)")
        } else {
            let failed = state.cases.reduce(0) { $0 + ($1.predictionFailure != nil ? 1 : 0) }
            parts.append(failed == 0 ? "all \(total) scored" : "\(total - failed) scored, \(failed) failed")
        }
        if state.hashedCount < total { parts.append("hashing \(state.hashedCount)/\(total)") }
        if !state.logReady { parts.append("reading log") }
        return parts.joined(separator: " · ")
    }
}

extension Cell {
    /// Columns `text` takes on screen.
    static func width(of text: String) -> Int {
        text.reduce(0) { $0 + columnWidth(of: $1) }
    }
}
