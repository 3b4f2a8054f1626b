import CellGrid

/// The box that shows an adaptation from labels: the model now scoring and the adapted one,
/// cross-validated on the same films, and the question (or that there is nothing to switch to).
enum AdaptationPanel {
    /// The report, and whether switching is offered (the adapted model is better).
    struct Input: Equatable {
        var report: AdaptationReport
        var offersSwitch: Bool
    }

    /// The panel's lines, the first the title.
    static func lines(_ input: Input) -> [String] {
        let r = input.report
        func row(_ name: String, _ f: AdaptationReport.Figures) -> String {
            CellGrid.pad(name, to: 10) + [fixed(f.accuracy, 2), fixed(f.sensitivity, 2), fixed(f.specificity, 2), fixed(f.auc, 3)]
                .map { CellGrid.pad($0, to: 6) }.joined()
        }
        return [
            " adapted with your labels ",
            "\(r.normal) NORMAL + \(r.pneumonia) PNEUMONIA, cross-validated by patient",
            CellGrid.pad("", to: 10) + ["acc", "sens", "spec", "AUC"].map { CellGrid.pad($0, to: 6) }.joined(),
            row("as given", r.before),
            row("adapted", r.after),
            r.method,
            input.offersSwitch ? "y switches to the adapted model · n keeps this one"
                : "not better: nothing to switch to (any key closes)",
        ]
    }

    /// Draws the panel in the middle of `area`.
    static func render(_ input: Input, in area: Rect, into grid: inout CellGrid, theme: Theme) {
        let area = area.intersection(grid.area)
        let all = lines(input)
        let body = Array(all.dropFirst())
        let contentWidth = min(area.width - 4, body.map { Cell.width(of: $0) }.max() ?? 0)
        let box = Rect(x: area.x + max(0, (area.width - contentWidth - 4) / 2),
                       y: area.y + max(0, (area.height - body.count - 2) / 2),
                       width: min(area.width, contentWidth + 4), height: min(area.height, body.count + 2))
        guard box.width >= 6, box.height >= 3 else { return }
        grid.fill(box, with: .blank)
        HelpOverlay.drawBorder(box, into: &grid, title: all[0], theme: theme)
        let inner = box.inset(by: 1)
        for (row, text) in body.enumerated() where row < inner.height {
            let isLast = row == body.count - 1
            grid.put(CellGrid.fit(text, width: inner.width - 2), at: Position(x: inner.x + 1, y: inner.y + row),
                     style: isLast ? (input.offersSwitch ? theme.header : theme.error) : .plain, clippedTo: inner)
        }
    }
}
