import CellGrid

/// Chooses how many colours to use from the environment and what ncurses reports.
public enum ColorCapability {
    /// Monochrome when NO_COLOR is set (any non-empty value) or the terminal has fewer than
    /// 256 colours; truecolor when COLORTERM says `truecolor`/`24bit` or TERM is a `-direct`
    /// entry, whatever the terminfo entry's colour count (terminals that set COLORTERM take
    /// 24-bit escapes even under TERM=xterm-256color or tmux-256color; `CursesScreen` then
    /// writes the film's colours itself); else the 256 palette.
    public static func choose(environment: [String: String], hasColors: Bool, colors: Int) -> BlockImageColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        guard hasColors, colors >= 256 else { return .monochrome }
        return saysTruecolor(environment) ? .truecolor : .palette256
    }

    /// True when COLORTERM says `truecolor`/`24bit`, or TERM names a direct-colour entry.
    public static func saysTruecolor(_ environment: [String: String]) -> Bool {
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        return colorTerm == "truecolor" || colorTerm == "24bit" || (environment["TERM"] ?? "").hasSuffix("-direct")
    }
}
