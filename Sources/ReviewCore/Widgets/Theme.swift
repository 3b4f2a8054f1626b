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
            agree = Style(foreground: .palette(71), attributes: .bold)
            disagree = Style(foreground: .palette(167), attributes: .bold)
            positive = Style(foreground: .palette(167))
            negative = Style(foreground: .palette(71))
            error = Style(foreground: .palette(167), attributes: .bold)
        }
    }
}

extension CellGrid {
    /// Writes `text` in `rect`'s first row, padded with blanks to the rect's width (so the
    /// whole row takes `style`), cutting text that does not fit with `…`.
    mutating func putLine(_ text: String, in rect: Rect, style: Style = .plain) {
        guard !rect.isEmpty else { return }
        fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: Cell(" ", style: style))
        put(Self.fit(text, width: rect.width), at: Position(x: rect.x, y: rect.y), style: style, clippedTo: rect)
    }

    /// `text` cut to `width` columns with a trailing `…` when it is longer.
    static func fit(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        var columns = 0
        var out = ""
        for character in text {
            let w = Cell.columnWidth(of: character)
            if columns + w > width {
                while !out.isEmpty && columns + 1 > width {
                    columns -= Cell.columnWidth(of: out.removeLast())
                }
                return out + "…"
            }
            out.append(character)
            columns += w
        }
        return out
    }
}

extension CellGrid {
    /// `text` cut to `width` columns by dropping its middle for `…`, so both the start and the
    /// distinguishing end stay (`person100_b…_2931.jpeg`).
    static func fitMiddle(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        guard Cell.width(of: text) > width else { return text }
        guard width > 2 else { return fit(text, width: width) }
        let characters = Array(text)
        let tailBudget = (width - 1) / 2, headBudget = width - 1 - tailBudget
        var head = "", tail = ""
        var used = 0
        for c in characters {
            let w = Cell.columnWidth(of: c)
            if used + w > headBudget { break }
            head.append(c)
            used += w
        }
        used = 0
        for c in characters.reversed() {
            let w = Cell.columnWidth(of: c)
            if used + w > tailBudget { break }
            tail.insert(c, at: tail.startIndex)
            used += w
        }
        return head + "…" + tail
    }
}
