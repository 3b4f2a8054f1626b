/// Key handling: modes first (help, text input), then the binding table.
extension AppState {
    mutating func handleKey(_ key: Key, at time: UTCTimestamp) -> [Effect] {
        switch mode {
        case .help:
            mode = .browsing
            return []
        case .noteInput(let path, let text):
            return editNote(key, path: path, text: text, at: time)
        case .filterInput(let text):
            editFilter(key, text: text)
            return ensureFilm()
        case .browsing:
            break
        }
        guard let action = KeyBindings.action(for: key) else {
            message = "\(key.label): no such key (? lists them)"
            return []
        }
        return perform(action, at: time)
    }

    mutating func perform(_ action: Action, at time: UTCTimestamp) -> [Effect] {
        message = nil
        switch action {
        case .next: return moveCursor(to: cursor + 1)
        case .previous: return moveCursor(to: cursor - 1)
        case .first: return moveCursor(to: 0)
        case .last: return moveCursor(to: order.count - 1)
        case .pageDown: return moveCursor(to: cursor + layout.worklistRows)
        case .pageUp: return moveCursor(to: cursor - layout.worklistRows)
        case .agree: return judge(.agree, at: time)
        case .disagree: return judge(.disagree, at: time)
        case .undo: return undo(at: time)
        case .note:
            guard let selected = selectedCase else { return [] }
            guard standing(selected) != nil else {
                message = "a note belongs to a verdict: press a or x first, then n"
                return []
            }
            mode = .noteInput(path: selected.id.relativePath, text: "")
            return []
        case .cycleSort:
            sort = sort.next
            reorder()
            message = "sorted by \(sort.label)"
            return ensureFilm()
        case .filterByName:
            mode = .filterInput(text: nameFilter)
            return []
        case .cycleFilter:
            filter = filter.next
            reorder()
            message = "showing \(filter.label): \(order.count) film\(order.count == 1 ? "" : "s")"
            return ensureFilm()
        case .moreContrast:
            filmView.windowWidth = max(8, filmView.windowWidth / 1.25)
            message = windowText
        case .lessContrast:
            filmView.windowWidth = min(510, filmView.windowWidth * 1.25)
            message = windowText
        case .brighter:
            filmView.windowCenter = max(0, filmView.windowCenter - 8)
            message = windowText
        case .darker:
            filmView.windowCenter = min(255, filmView.windowCenter + 8)
            message = windowText
        case .invert:
            filmView.invert.toggle()
            message = filmView.invert ? "inverted" : "not inverted"
        case .zoomIn:
            filmView.zoom = min(FilmView.maximumZoom, filmView.zoom * 2)
            filmView.clampCenter()
            message = "zoom x\(Int(filmView.zoom))"
            return ensureFilm()
        case .zoomOut:
            filmView.zoom = max(1, filmView.zoom / 2)
            filmView.clampCenter()
            message = "zoom x\(Int(filmView.zoom))"
        case .panLeft: pan(dx: -1, dy: 0)
        case .panRight: pan(dx: 1, dy: 0)
        case .panUp: pan(dx: 0, dy: -1)
        case .panDown: pan(dx: 0, dy: 1)
        case .resetView:
            filmView = FilmView()
            message = "view reset"
        case .toggleOverlay:
            return toggleOverlay()
        case .help:
            mode = .help
        case .quit:
            return [.quit]
        }
        return []
    }

    private var windowText: String {
        "window \(Int(filmView.windowWidth.rounded())) level \(Int(filmView.windowCenter.rounded()))"
    }

    /// Pans by a quarter of the visible part.
    private mutating func pan(dx: Double, dy: Double) {
        guard filmView.zoom > 1 else {
            message = "zoom in (z) before panning"
            return
        }
        let step = 0.25 / filmView.zoom
        filmView.centerX += dx * step
        filmView.centerY += dy * step
        filmView.clampCenter()
    }

    mutating func moveCursor(to position: Int) -> [Effect] {
        guard !order.isEmpty else { return [] }
        cursor = min(order.count - 1, max(0, position))
        keepCursorVisible()
        return ensureFilm()
    }

    private mutating func editNote(_ key: Key, path: String, text: String, at time: UTCTimestamp) -> [Effect] {
        switch key {
        case .escape:
            mode = .browsing
            message = "note cancelled"
        case .enter:
            mode = .browsing
            return addNote(text, path: path, at: time)
        case .backspace:
            mode = .noteInput(path: path, text: String(text.dropLast()))
        case .character(let c):
            mode = .noteInput(path: path, text: text + String(c))
        default:
            break
        }
        return []
    }

    private mutating func editFilter(_ key: Key, text: String) {
        switch key {
        case .escape:
            mode = .browsing
            nameFilter = ""
            reorder()
        case .enter:
            mode = .browsing
            message = nameFilter.isEmpty ? nil : "name contains \"\(nameFilter)\": \(order.count) film\(order.count == 1 ? "" : "s")"
        case .backspace:
            mode = .filterInput(text: String(text.dropLast()))
            nameFilter = String(text.dropLast())
            reorder()
        case .character(let c):
            mode = .filterInput(text: text + String(c))
            nameFilter = text + String(c)
            reorder()
        default:
            break
        }
    }

    /// The screen's layout at the current size.
    public var layout: ScreenLayout { ScreenLayout(width: width, height: height) }
}
