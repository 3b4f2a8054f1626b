import CellGrid

/// Chooses how many colours to use from the environment and what ncurses reports.
public enum ColorCapability {
    /// Monochrome when NO_COLOR is set (any non-empty value) or the terminal has fewer than
    /// 256 colours; truecolor when COLORTERM says `truecolor`/`24bit` and the terminfo entry
    /// is a direct-colour one (ncurses reports at least 2^24 colours); else the 256 palette.
    public static func choose(environment: [String: String], hasColors: Bool, colors: Int) -> BlockImageColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        guard hasColors, colors >= 256 else { return .monochrome }
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        if (colorTerm == "truecolor" || colorTerm == "24bit") && colors >= 1 << 24 { return .truecolor }
        return .palette256
    }
}
