import Testing
@testable import Terminal

@Test("terminal codes map to review keys; other control codes are dropped")
func inputMapping() {
    #expect(Curses.Input.character(106).key == .character("j"))
    #expect(Curses.Input.character(71).key == .character("G"))
    #expect(Curses.Input.character(13).key == .enter)
    #expect(Curses.Input.character(27).key == .escape)
    #expect(Curses.Input.character(127).key == .backspace)
    #expect(Curses.Input.character(1).key == nil)
    #expect(Curses.Input.character(0xE9).key == .character("é"))
    #expect(Curses.Input.function(Curses.keyDown).key == .down)
    #expect(Curses.Input.function(Curses.keyPageDown).key == .pageDown)
    #expect(Curses.Input.function(Curses.keyHome).key == .home)
    #expect(Curses.Input.function(9999).key == nil)
}
