/// One key press, as the terminal layer decodes it; what `update` reacts to.
public enum Key: Hashable, Sendable {
    /// A printable character (letters keep their case: `G` is shift-g).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab

    /// The key's name as the help overlay and README show it (`j`, `↓`, `PgDn`, `Enter`).
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .tab: "Tab"
        }
    }
}
