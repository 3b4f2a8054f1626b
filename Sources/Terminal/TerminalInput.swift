import CellGrid

/// What the terminal reports: a key press, or a new size.
public enum TerminalInput: Equatable, Sendable {
    /// A key the review understands.
    case key(Key)
    /// The terminal is now `width` x `height` cells.
    case resize(width: Int, height: Int)
    /// A mouse event (click, drag, wheel).
    case mouse(MouseEvent)
}

extension Curses.Input {
    /// The review's mouse event for this input, or nil when it is not one the review uses.
    var mouseEvent: MouseEvent? {
        guard case .mouse(let x, let y, let buttons) = self else { return nil }
        return Self.mouseEvent(x: x, y: y, buttons: buttons, held: nil)
    }

    /// Names ncurses' event bits: presses, releases, the wheel (buttons 4 and 5), and moves
    /// reported while `held` is down (a drag).
    static func mouseEvent(x: Int, y: Int, buttons: UInt, held: MouseEvent.Button?) -> MouseEvent? {
        let kind: MouseEvent.Kind
        if buttons & Curses.button4Pressed != 0 { kind = .wheelUp }
        else if buttons & Curses.button5Pressed != 0 { kind = .wheelDown }
        else if buttons & (Curses.button1Pressed | Curses.button1Clicked) != 0 { kind = .press(.left) }
        else if buttons & Curses.button3Pressed != 0 { kind = .press(.right) }
        else if buttons & (Curses.button1Released | Curses.button3Released) != 0 { kind = .release }
        else if buttons & Curses.reportPosition != 0, let held { kind = .drag(held) }
        else { return nil }
        return MouseEvent(kind, x: x, y: y)
    }
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
        case .mouse:
            return nil
        }
    }
}
