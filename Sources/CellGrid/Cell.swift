/// One terminal cell: the grapheme drawn in it plus its colours and attributes.
///
/// A wide (two-column) character lives in its left cell; the cell to its right holds the
/// empty symbol `""`, meaning "covered by the wide character on the left: draw nothing".
public struct Cell: Hashable, Sendable {
    /// The grapheme cluster shown, `" "` for blank, `""` for the right half of a wide character.
    public var symbol: String
    /// Glyph colour.
    public var foreground: TerminalColor
    /// Background colour.
    public var background: TerminalColor
    /// Bold, dim, underline, reverse flags.
    public var attributes: CellAttributes

    /// Creates a cell; defaults to a blank in the terminal's default colours.
    public init(_ symbol: String = " ", foreground: TerminalColor = .default,
                background: TerminalColor = .default, attributes: CellAttributes = []) {
        self.symbol = symbol
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// Creates a cell showing `symbol` in `style`.
    public init(_ symbol: String, style: Style) {
        self.init(symbol, foreground: style.foreground, background: style.background,
                  attributes: style.attributes)
    }

    /// A blank cell in default colours.
    public static let blank = Cell()

    /// The cell's colours and attributes as one value.
    public var style: Style {
        get { Style(foreground: foreground, background: background, attributes: attributes) }
        set {
            foreground = newValue.foreground
            background = newValue.background
            attributes = newValue.attributes
        }
    }

    /// True for the placeholder cell to the right of a wide character.
    public var isContinuation: Bool { symbol.isEmpty }
}
