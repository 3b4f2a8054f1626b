import CellGrid
import Testing
@testable import Terminal

@Test("ncurses' mouse bits become presses, releases, wheel turns, and drags only while a button is held")
func mouseMapping() {
    func event(_ buttons: UInt, held: MouseEvent.Button? = nil) -> MouseEvent.Kind? {
        Curses.Input.mouseEvent(x: 3, y: 4, buttons: buttons, held: held)?.kind
    }
    #expect(event(Curses.button1Pressed) == .press(.left))
    #expect(event(Curses.button1Clicked) == .press(.left))
    #expect(event(Curses.button3Pressed) == .press(.right))
    #expect(event(Curses.button1Released) == .release)
    #expect(event(Curses.button4Pressed) == .wheelUp)
    #expect(event(Curses.button5Pressed) == .wheelDown)
    #expect(event(Curses.reportPosition, held: .right) == .drag(.right))
    #expect(event(Curses.reportPosition) == nil)
    #expect(Curses.Input.mouse(x: 3, y: 4, buttons: Curses.button1Pressed).mouseEvent == MouseEvent(.press(.left), x: 3, y: 4))
}
