extension CellGrid {
    /// A plain-text picture for snapshot tests: each row's symbols between quotes, then one
    /// line per run of non-default style (`y x0-x1 fg bg attributes`), ratatui style.
    public var debugText: String {
        var lines: [String] = []
        for y in 0..<height {
            let row = (0..<width).map { self[$0, y].symbol }.joined()
            lines.append("\"\(row)\"")
        }
        lines.append("styles:")
        for y in 0..<height {
            var start = 0
            while start < width {
                let style = self[start, y].style
                var end = start + 1
                while end < width && self[end, y].style == style { end += 1 }
                if style != .plain {
                    lines.append("  y\(y) x\(start)-\(end - 1) fg=\(style.foreground) bg=\(style.background) \(style.attributes)")
                }
                start = end
            }
        }
        return lines.joined(separator: "\n")
    }
}
