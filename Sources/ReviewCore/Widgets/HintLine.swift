import CellGrid

/// The bottom line: the most used keys, from the binding table, or the keys of a text prompt.
enum HintLine {
    static func render(_ state: AppState, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        let text: String
        switch state.mode {
        case .browsing:
            text = KeyBindings.table.compactMap(\.hint).joined(separator: "  ")
        case .help:
            text = "any key closes the help"
        case .noteInput:
            text = "type the note  Enter save  Esc cancel  Backspace delete"
        case .filterInput:
            text = "type part of a file name  Enter keep  Esc clear  Backspace delete"
        }
        grid.putLine(" " + text, in: rect, style: theme.dim)
    }
}
