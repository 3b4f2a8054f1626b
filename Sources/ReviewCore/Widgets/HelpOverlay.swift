import CellGrid

/// The `?` screen: every key from the binding table, grouped, in one or two columns, and the
/// not-a-medical-device notice, in a box over the middle of the screen.
public enum HelpOverlay {
    /// The notice shown at the foot of the help.
    public static let notice = [
        "Lightbox is not a medical device. Its probabilities are for research",
        "and teaching; they must not be used to diagnose or treat anyone.",
    ]

    /// Help lines for one column: group headings, then `keys  summary` rows.
    static func lines(keyWidth: Int) -> [(text: String, isHeading: Bool)] {
        var out: [(String, Bool)] = []
        for group in KeyBindings.groups {
            out.append((group, true))
            for binding in KeyBindings.table where binding.group == group {
                out.append((" " + CellGrid.pad(binding.keyLabel, to: keyWidth) + "  " + binding.summary, false))
            }
        }
        return out
    }

    /// How many pages the help takes in `area` (1 when every key fits at once).
    static func pageCount(in area: Rect) -> Int { plan(in: area, page: 0).pages }

    /// The columns of lines shown on `page` (clamped), the column width and the page count.
    static func plan(in area: Rect, page: Int) -> (columns: [[(text: String, isHeading: Bool)]], columnWidth: Int, pages: Int, page: Int) {
        let keyWidth = KeyBindings.table.map { Cell.width(of: $0.keyLabel) }.max() ?? 1
        let all = lines(keyWidth: keyWidth)
        let columnWidth = (all.map { Cell.width(of: $0.text) }.max() ?? 10) + 1
        // One column when it fits in height, else two side by side (split at a group start).
        if all.count + notice.count + 3 <= area.height { return ([all], columnWidth, 1, 0) }
        let fitting = max(1, min(2, (area.width - 1) / columnWidth))
        if fitting == 2 {
            // Split at the group heading that balances the columns best, unless splitting
            // inside a group is needed to fit.
            let headings = all.indices.filter { $0 > 0 && all[$0].isHeading }
            var split = headings.min { max($0, all.count - $0) < max($1, all.count - $1) } ?? (all.count + 1) / 2
            if max(split, all.count - split) + notice.count + 3 > area.height { split = (all.count + 1) / 2 }
            if max(split, all.count - split) + notice.count + 3 <= area.height {
                return ([Array(all[..<split]), Array(all[split...])], columnWidth, 1, 0)
            }
        }
        // Too small for every key at once: pages of `fitting` columns, scrolled with j/k.
        let rows = max(1, area.height - notice.count - 3)
        let perPage = rows * fitting
        let pages = (all.count + perPage - 1) / perPage
        let shown = min(max(0, page), pages - 1)
        var columns: [[(text: String, isHeading: Bool)]] = []
        for c in 0..<fitting {
            let from = shown * perPage + c * rows
            guard from < all.count else { break }
            columns.append(Array(all[from..<min(all.count, from + rows)]))
        }
        return (columns, columnWidth, pages, shown)
    }

    static func render(in area: Rect, page: Int = 0, into grid: inout CellGrid, theme: Theme) {
        // The box is drawn cell by cell, so it must lie on the grid.
        let area = area.intersection(grid.area)
        let (columns, columnWidth, pages, shown) = plan(in: area, page: page)
        let noticeWidth = notice.map { Cell.width(of: $0) }.max() ?? 0
        let contentWidth = max(columnWidth * columns.count, noticeWidth + 2)
        let contentHeight = (columns.map(\.count).max() ?? 0) + 1 + notice.count
        let box = Rect(x: area.x + max(0, (area.width - contentWidth - 3) / 2),
                       y: area.y + max(0, (area.height - contentHeight - 2) / 2),
                       width: min(area.width, contentWidth + 3), height: min(area.height, contentHeight + 2))
        guard box.width >= 4, box.height >= 3 else { return }
        grid.fill(box, with: .blank)
        let title = pages > 1 ? " keys \(shown + 1)/\(pages), j/k scroll " : " Lightbox keys "
        drawBorder(box, into: &grid, title: title, theme: theme)
        let inner = box.inset(by: 1)
        for (c, column) in columns.enumerated() {
            for (row, line) in column.enumerated() where row < inner.height {
                let x = inner.x + 1 + c * columnWidth
                guard x < inner.right else { continue }
                let clip = Rect(x: x, y: inner.y, width: min(columnWidth, inner.right - x), height: inner.height)
                grid.put(CellGrid.fit(line.text, width: clip.width), at: Position(x: x, y: inner.y + row),
                         style: line.isHeading ? theme.header : .plain, clippedTo: clip)
            }
        }
        let noticeTop = inner.bottom - notice.count
        for (i, text) in notice.enumerated() where noticeTop + i >= inner.y {
            grid.put(CellGrid.fit(text, width: inner.width - 2), at: Position(x: inner.x + 1, y: noticeTop + i),
                     style: theme.header, clippedTo: inner)
        }
    }

    static func drawBorder(_ box: Rect, into grid: inout CellGrid, title: String, theme: Theme) {
        let right = box.right - 1, bottom = box.bottom - 1
        for x in box.x...right {
            grid[x, box.y] = Cell("─")
            grid[x, bottom] = Cell("─")
        }
        for y in box.y...bottom {
            grid[box.x, y] = Cell("│")
            grid[right, y] = Cell("│")
        }
        grid[box.x, box.y] = Cell("┌")
        grid[right, box.y] = Cell("┐")
        grid[box.x, bottom] = Cell("└")
        grid[right, bottom] = Cell("┘")
        grid.put(title, at: Position(x: box.x + 2, y: box.y), style: theme.header,
                 clippedTo: Rect(x: box.x + 1, y: box.y, width: box.width - 2, height: 1))
    }
}
