import CellGrid

/// What the terminal reports: a key press, or a new size.
public enum TerminalInput: Equatable, Sendable {
    /// A key the review understands.
    case key(Key)
    /// The terminal is now `width` x `height` cells.
    case resize(width: Int, height: Int)
}

extension Curses.Input {
    /// The review's key for this input, or nil for keys it does not use.
    var key: Key? {
        switch self {
        case .character(let code):
            switch code {
            case 10, 13: return .enter
            case 27: return .escape
            case 8, 127: return .backspace
            case 9: return .tab
            case 0..<32: return nil
            default:
                guard let scalar = Unicode.Scalar(code) else { return nil }
                return .character(Character(scalar))
            }
        case .function(let code):
            switch code {
            case Curses.keyUp: return .up
            case Curses.keyDown: return .down
            case Curses.keyLeft: return .left
            case Curses.keyRight: return .right
            case Curses.keyPageUp: return .pageUp
            case Curses.keyPageDown: return .pageDown
            case Curses.keyHome: return .home
            case Curses.keyEnd: return .end
            case Curses.keyEnter: return .enter
            case Curses.keyBackspace: return .backspace
            case Curses.keyDelete: return .delete
            default: return nil
            }
        }
    }
}
