import Testing
@testable import Terminal

@Test("a TERM without a terminfo entry falls back: -direct to its 256-colour sibling, kitty and unknown -256color names to xterm-256color")
func terminalFallbacks() {
    #expect(CursesScreen.fallbacks(term: "xterm-kitty") == ["xterm-256color"])
    #expect(CursesScreen.fallbacks(term: "kitty") == ["xterm-256color"])
    #expect(CursesScreen.fallbacks(term: "xterm-ghostty") == ["xterm-256color"])
    #expect(CursesScreen.fallbacks(term: "wezterm-direct") == ["wezterm-256color", "xterm-256color"])
    #expect(CursesScreen.fallbacks(term: "xterm-direct") == ["xterm-256color"])
    #expect(CursesScreen.fallbacks(term: "foo-256color") == ["xterm-256color"])
    #expect(CursesScreen.fallbacks(term: "xterm-256color").isEmpty)
    #expect(CursesScreen.fallbacks(term: "vt100").isEmpty)
    #expect(CursesScreen.fallbacks(term: "").isEmpty)
}
