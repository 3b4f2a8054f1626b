import CellGrid

/// The styles the review screen's widgets use; colourless in monochrome so NO_COLOR holds.
public struct Theme: Sendable {
    public var bar: Style
    public var header: Style
    public var selected: Style
    public var agree: Style
    public var disagree: Style
    public var pending: Style
    public var dim: Style
    public var positive: Style
    public var negative: Style
    public var threshold: Style
    public var error: Style
    public var key: Style

    /// The theme for a colour mode: 256-colour accents, or attributes only for monochrome.
    public init(colorMode: BlockImageColorMode) {
        bar = Style(attributes: .reverse)
        header = Style(attributes: .bold)
        selected = Style(attributes: .reverse)
        dim = Style(attributes: .dim)
        pending = Style(attributes: .dim)
        key = Style(attributes: .bold)
        threshold = Style(attributes: .bold)
        if colorMode == .monochrome {
            agree = Style(attributes: .bold)
            disagree = Style(attributes: .bold)
            positive = Style(attributes: .bold)
            negative = Style()
            error = Style(attributes: .bold)
        } else {
            agree = Style(foreground: .palette(Self.green), attributes: .bold)
            disagree = Style(foreground: .palette(Self.red), attributes: .bold)
            positive = Style(foreground: .palette(Self.red))
            negative = Style(foreground: .palette(Self.green))
            error = Style(foreground: .palette(Self.red), attributes: .bold)
        }
    }

    /// xterm palette 71, RGB (95, 175, 95): a muted green for agreement and NORMAL. Taken from
    /// the colour cube, not the 16 system colours, because terminals theme those.
    static let green: UInt8 = 71
    /// xterm palette 167, RGB (215, 95, 95): a muted red for disagreement, PNEUMONIA and
    /// errors, from the colour cube for the same reason.
    static let red: UInt8 = 167
}
