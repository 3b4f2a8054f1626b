import Feedback
import CellGrid

/// The mouse, as lazygit, htop and OHIF use it; every action stays on a key too.
///
/// A click on a worklist row opens that film; the wheel over the worklist scrolls it (the
/// selection follows when it would leave the view) and over the help turns its pages; on the
/// film, dragging with the right button changes window (across) and level (down), with the
/// left button pans a zoomed film.
extension AppState {
    mutating func handleMouse(_ event: MouseEvent) -> [Effect] {
        switch mode {
        case .help:
            switch event.kind {
            case .wheelDown: return handleKey(.pageDown, at: UTCTimestamp(millisecondsSinceEpoch: 0))
            case .wheelUp: return handleKey(.pageUp, at: UTCTimestamp(millisecondsSinceEpoch: 0))
            case .press:
                mode = .browsing
                helpPage = 0
                return []
            case .release, .drag: return []
            }
        case .noteInput, .filterInput:
            return []
        case .browsing:
            break
        }
        let layout = self.layout
        let at = Position(x: event.x, y: event.y)
        switch event.kind {
        case .press(let button):
            drag = nil
            if layout.worklist.contains(at) {
                guard button == .left, let position = worklistPosition(row: event.y) else { return [] }
                resumePending = false
                confirmation = nil
                notice = nil
                return moveCursor(to: position)
            }
            if layout.film.contains(at), film?.image != nil {
                drag = MouseDrag(button: button, x: event.x, y: event.y, view: filmView)
            }
            return []
        case .drag(let button):
            guard let start = drag, start.button == button else { return [] }
            dragFilm(from: start, dx: event.x - start.x, dy: event.y - start.y)
            return button == .left ? ensureFilm() : []
        case .release:
            drag = nil
            return []
        case .wheelUp, .wheelDown:
            guard layout.worklist.contains(at) else { return [] }
            return scrollWorklist(by: event.kind == .wheelDown ? Self.wheelRows : -Self.wheelRows)
        }
    }

    /// Contrast key presses a right-button drag across the whole film pane stands for.
    static let dragContrastPresses = 12

    /// Worklist rows one wheel step scrolls.
    static let wheelRows = 3

    /// The worklist position shown on screen row `row`, or nil for the header or an empty row.
    func worklistPosition(row: Int) -> Int? {
        let position = scrollTop + row - layout.worklist.y - 1
        return row > layout.worklist.y && order.indices.contains(position) ? position : nil
    }

    /// Scrolls the worklist by `rows` (down when positive); the selection stays unless it
    /// would leave the view, then it moves to the nearest row in view.
    mutating func scrollWorklist(by rows: Int) -> [Effect] {
        let visible = layout.worklistRows
        scrollTop = max(0, min(scrollTop + rows, max(0, order.count - visible)))
        let clamped = min(max(cursor, scrollTop), scrollTop + visible - 1)
        guard clamped != cursor, !order.isEmpty else { return [] }
        resumePending = false
        return moveCursor(to: clamped)
    }

    /// Window/level (right button) or pan (left button, zoomed) by a drag of `dx`, `dy` cells
    /// from `start`.
    private mutating func dragFilm(from start: MouseDrag, dx: Int, dy: Int) {
        let pane = layout.film
        switch start.button {
        case .right:
            // Across the whole pane is 12 contrast key presses (c/C) either way; down the
            // pane's height moves the level over the whole grey range.
            let presses = Int((Double(dx) * Double(Self.dragContrastPresses) / Double(max(1, pane.width))).rounded())
            var factor: Float = 1
            for _ in 0..<abs(presses) { factor *= presses > 0 ? FilmView.contrastStep : 1 / FilmView.contrastStep }
            filmView.windowWidth = min(FilmView.widestWindow, max(FilmView.narrowestWindow, start.view.windowWidth * factor))
            filmView.windowCenter = min(255, max(0, start.view.windowCenter + 255 * Float(dy) / Float(max(1, pane.height))))
            notice = .info("window \(Int(filmView.windowWidth.rounded())) level \(Int(filmView.windowCenter.rounded()))")
        case .left:
            guard filmView.zoom > 1 else {
                notice = .info("zoom in (z) before panning")
                return
            }
            // The film follows the pointer: a drag across the pane moves the view by what it shows.
            filmView.centerX = start.view.centerX - Double(dx) / Double(max(1, pane.width)) / filmView.zoom
            filmView.centerY = start.view.centerY - Double(dy) / Double(max(1, pane.height)) / filmView.zoom
            filmView.clampCenter()
        }
    }
}

/// A drag on the film: which button, where it was pressed, and the view then.
struct MouseDrag: Sendable, Equatable {
    var button: MouseEvent.Button
    var x: Int
    var y: Int
    var view: FilmView
}
