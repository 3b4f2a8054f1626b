import CellGrid

/// The bottom line: the most used keys, from the binding table, or the keys of a text prompt.
enum HintLine {
    /// What the keyboard is doing, which decides the hints.
    enum Input: Equatable {
        /// Keys are commands.
        case browsing
        /// The help is open; `paged` when it takes more than one page.
        case help(paged: Bool)
        /// Typing a note.
        case noteInput
        /// Typing a name filter.
        case filterInput
        /// A question is on screen; these are its keys.
        case question(String)
        /// Keys are commands, and adapting the model is offered: this hint goes first.
        case offering(String)
    }

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        let text: String
        switch input {
        case .browsing:
            text = browsingHints(width: rect.width - 1)
        case .help(let paged):
            text = paged ? "j/k next/previous page  q, Esc or ? closes the help" : "q, Esc or ? closes the help"
        case .noteInput:
            text = "type the note  Enter save  Esc cancel  Backspace delete"
        case .filterInput:
            text = "type part of a file name  Enter keep  Esc clear  Backspace delete"
        case .question(let keys):
            text = keys
        case .offering(let offer):
            text = browsingHints(width: rect.width - 1, first: offer)
        }
        grid.putLine(" " + text, in: rect, style: theme.dim)
    }

    /// Help first and quit last (htop style), dropping hints from the middle when narrow.
    static func browsingHints(width: Int, first offer: String? = nil) -> String {
        let withHints = KeyBindings.table.filter { $0.hint != nil }
        var items = (offer.map { [$0] } ?? []) + withHints.filter { $0.action == .help }.compactMap(\.hint)
            + withHints.filter { $0.action != .help && $0.action != .quit }.compactMap(\.hint)
            + withHints.filter { $0.action == .quit }.compactMap(\.hint)
        while items.count > 2 && Cell.width(of: items.joined(separator: "  ")) > width {
            items.remove(at: items.count - 2)
        }
        return items.joined(separator: "  ")
    }
}
