/// Fitting text to a number of columns and writing whole lines: the helpers every widget
/// draws with.
extension Cell {
    /// Columns `text` takes on screen.
    public static func width(of text: String) -> Int {
        text.reduce(0) { $0 + columnWidth(of: $1) }
    }
}

extension CellGrid {
    /// Writes `text` in `rect`'s first row, padded with blanks to the rect's width (so the
    /// whole row takes `style`), cutting text that does not fit with `…`. An empty rect is
    /// left alone.
    public mutating func putLine(_ text: String, in rect: Rect, style: Style = .plain) {
        guard !rect.isEmpty else { return }
        fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: Cell(" ", style: style))
        put(Self.fit(text, width: rect.width), at: Position(x: rect.x, y: rect.y), style: style, clippedTo: rect)
    }

    /// `text` cut to `width` columns with a trailing `…` when it is longer: then exactly
    /// `width` columns, a blank after the `…` standing for a wide character that did not fit
    /// whole (it is dropped, never split).
    public static func fit(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        guard Cell.width(of: text) > width else { return text }
        let head = Cell.prefix(of: text, columns: width - 1)
        return head.text + "…" + String(repeating: " ", count: width - 1 - head.width)
    }

    /// `text` cut to `width` columns by dropping its middle for `…`, so both the start and the
    /// distinguishing end stay (`person100_b…_2931.jpeg`). When cut it takes exactly `width`
    /// columns: a column a wide character could not use at the start goes to the end, and
    /// one neither could use is a blank at the far right.
    public static func fitMiddle(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        guard Cell.width(of: text) > width else { return text }
        guard width > 2 else { return fit(text, width: width) }
        let tailBudget = (width - 1) / 2, headBudget = width - 1 - tailBudget
        // Head and tail together are narrower than the text, so they never overlap.
        let head = Cell.prefix(of: text, columns: headBudget)
        let tail = Cell.suffix(of: text, columns: width - 1 - head.width)
        return head.text + "…" + tail.text + String(repeating: " ", count: width - 1 - head.width - tail.width)
    }

    /// `text` padded with blanks on the right to `width` columns (unchanged when wider).
    public static func pad(_ text: String, to width: Int) -> String {
        let w = Cell.width(of: text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }

    /// Writes `text` cut to fit, centred in `rect`'s width on its middle row.
    public mutating func putCentered(_ text: String, in rect: Rect, style: Style = .plain) {
        let fitted = Self.fit(text, width: rect.width)
        let x = rect.x + max(0, (rect.width - Cell.width(of: fitted)) / 2)
        put(fitted, at: Position(x: x, y: rect.y + rect.height / 2), style: style, clippedTo: rect)
    }
}

extension Style {
    /// This style's colours and attributes laid over `base` (a selected or plain row): the
    /// foreground and attributes of this one, the background of `base`, attributes combined.
    public func over(_ base: Style) -> Style {
        Style(foreground: foreground, background: base.background, attributes: attributes.union(base.attributes))
    }
}
