import CellGrid

/// The line above the hints: a text prompt, the last notice, or background progress.
enum MessageLine {
    /// What the message line shows.
    enum Input: Equatable {
        /// The note being typed.
        case noteInput(String)
        /// The name filter being typed.
        case filterInput(String)
        /// The last notice (nil for none) and the background work's progress.
        case status(Notice?, Progress)
    }

    /// How far the background work (scoring, hashing, reading the log) has come.
    struct Progress: Equatable {
        /// Films in the study.
        var total: Int
        /// False when reviewing without a model.
        var hasModel: Bool
        /// Films scored or failed so far, and of those the failed.
        var scored: Int, failed: Int
        /// Films hashed so far.
        var hashed: Int
        /// True once the feedback log was read.
        var logReady: Bool
        /// The model's adaptation under way ("adapting: fold 2 of 5"), or the offer to adapt.
        var adaptation: String? = nil
    }

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        switch input {
        case .noteInput(let text):
            grid.putLine(" note: " + text + "▏", in: rect, style: theme.header)
        case .filterInput(let text):
            grid.putLine(" /" + text + "▏", in: rect, style: theme.header)
        case .status(let notice?, let progress):
            let progress = progressText(progress)
            grid.putLine(" " + notice.text, in: rect, style: notice.severity == .error ? theme.error : .plain)
            // Progress stays visible at the right when there is room.
            let room = rect.width - Cell.width(of: notice.text) - 4
            if !progress.isEmpty, room > Cell.width(of: progress) {
                let x = rect.right - Cell.width(of: progress) - 1
                grid.put(progress, at: Position(x: x, y: rect.y), style: theme.dim, clippedTo: rect)
            }
        case .status(nil, let progress):
            grid.putLine(" " + progressText(progress), in: rect, style: theme.dim)
        }
    }

    /// "scoring 120/5000 · hashing 3000/5000", or what is done.
    static func progressText(_ progress: Progress) -> String {
        let total = progress.total
        var parts: [String] = progress.adaptation.map { [$0] } ?? []
        if !progress.hasModel {
            parts.append("no model: verdicts are recorded without a prediction")
        } else if progress.scored < total {
            parts.append("scoring \(progress.scored)/\(total)")
        } else {
            let failed = progress.failed
            parts.append(failed == 0 ? "all \(total) scored" : "\(total - failed) scored, \(failed) failed")
        }
        if progress.hashed < total { parts.append("hashing \(progress.hashed)/\(total)") }
        if !progress.logReady { parts.append("reading log") }
        return parts.joined(separator: " · ")
    }
}
