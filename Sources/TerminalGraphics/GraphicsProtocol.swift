/// The ways a film can reach the terminal.
public enum GraphicsProtocol: String, Sendable, Equatable, CaseIterable {
    /// The kitty graphics protocol (kitty, WezTerm, Ghostty, Konsole).
    case kitty
    /// DEC sixel (xterm -ti vt340, foot, mlterm, WezTerm, iTerm2, Windows Terminal).
    case sixel
    /// Block characters in cells: works everywhere.
    case symbols
}

/// A cell's size in pixels.
public struct CellPixelSize: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) { (self.width, self.height) = (width, height) }

    /// Assumed when the terminal does not say: 10x20 pixels.
    public static let fallback = CellPixelSize(width: 10, height: 20)

    /// Parses "WxH" (for example "10x20"); nil unless both are 1...1000.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
              (1...1000).contains(w), (1...1000).contains(h) else { return nil }
        self.init(width: w, height: h)
    }
}
