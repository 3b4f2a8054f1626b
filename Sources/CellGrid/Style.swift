/// Foreground, background and attributes applied together when writing text into a grid.
public struct Style: Hashable, Sendable {
    /// Glyph colour.
    public var foreground: TerminalColor
    /// Cell background colour.
    public var background: TerminalColor
    /// Bold, dim, underline, reverse flags.
    public var attributes: CellAttributes

    /// Creates a style; every part defaults to the terminal's default look.
    public init(foreground: TerminalColor = .default, background: TerminalColor = .default,
                attributes: CellAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's default colours with no attributes.
    public static let plain = Style()
}
