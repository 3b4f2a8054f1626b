import Feedback
import CellGrid
/// Key handling: modes first (help, text input), then the binding table.
extension AppState {
    mutating func handleKey(_ key: Key, at time: UTCTimestamp) -> [Effect] {
        switch mode {
        case .help:
            // A help taller than the screen scrolls by pages and stops at either end (a j too
            // many must not close it and then move through films); the paging keys never close
            // it, q, Esc, ? and any other key do.
            let pages = HelpOverlay.pageCount(in: helpArea)
            let forward: Set<Key> = [.down, .pageDown, .character("j"), .character(" ")]
            let back: Set<Key> = [.up, .pageUp, .character("k")]
            if forward.contains(key) {
                if helpPage < pages - 1 { helpPage += 1 } else if pages > 1 { notice = .info("end of the help: q, Esc or ? closes it") }
            } else if back.contains(key) {
                if helpPage > 0 { helpPage -= 1 }
            } else {
                mode = .browsing
                helpPage = 0
                notice = nil
            }
            return []
        case .noteInput(let path, let text):
            return editNote(key, path: path, text: text, at: time)
        case .filterInput(let text):
            editFilter(key, text: text)
            return ensureFilm()
        case .browsing:
            break
        }
        // A question on screen (adapt without labels? switch to the adapted model?) takes the key.
        if let answered = answer(key) { return answered }
        // A key pressed before the resume means the reviewer chose where to be.
        resumePending = false
        let waiting = confirmation
        confirmation = nil
        let judged = lastJudgedPath
        lastJudgedPath = nil
        guard let action = KeyBindings.action(for: key) else {
            notice = .info("\(key.label): no such key (? lists them)")
            return []
        }
        return perform(action, at: time, confirming: waiting, lastJudged: judged)
    }

    mutating func perform(_ action: Action, at time: UTCTimestamp, confirming waiting: Confirmation? = nil,
                          lastJudged: String? = nil) -> [Effect] {
        notice = nil
        func confirmed(_ verdict: Verdict) -> Bool {
            waiting != nil && waiting == selectedCase.map { Confirmation(path: $0.id.relativePath, verdict: verdict) }
        }
        switch action {
        case .next: return moveCursor(to: cursor + 1)
        case .previous: return moveCursor(to: cursor - 1)
        case .first: return moveCursor(to: 0)
        case .last: return moveCursor(to: order.count - 1)
        case .pageDown: return moveCursor(to: cursor + layout.worklistRows)
        case .pageUp: return moveCursor(to: cursor - layout.worklistRows)
        case .nextUnreviewed:
            return moveToNext(nextPosition { standing($0) == nil }, none: "no other listed film without your verdict")
        case .nextDisagreement:
            return moveToNext(nextPosition { disagreesWithModel($0) }, none: "no other listed film where you and the model disagree")
        case .agree: return judge(.agree, at: time, confirmed: confirmed(.agree))
        case .disagree: return judge(.disagree, at: time, confirmed: confirmed(.disagree))
        case .deferVerdict: return judge(.deferred, at: time, confirmed: confirmed(.deferred))
        case .undo: return undo(at: time)
        case .note:
            // Right after a verdict the note is for that film, though the cursor moved on.
            guard let selected = selectedCase else { return [] }
            let path = standing(selected) != nil ? selected.id.relativePath : lastJudged
            guard let path, let index = indexByPath[path], let record = standing(cases[index]) else {
                notice = .info("a note belongs to a verdict: press a or x first, then n")
                return []
            }
            mode = .noteInput(path: path, text: record.note)
            return []
        case .cycleSort, .reverseSort:
            // The selected film stays selected and in view (`reorder`).
            if action == .cycleSort { sort = sort.next } else { sortReversed.toggle() }
            reorder()
            notice = .info("sorted by \(sort.label(reversed: sortReversed))")
            return ensureFilm()
        case .clearFilter:
            guard !nameFilter.isEmpty || filter != .all else {
                notice = .info("no filter to clear")
                return []
            }
            nameFilter = ""
            filter = .all
            reorder()
            notice = .info("filter cleared: \(order.count) film\(order.count == 1 ? "" : "s")")
            return ensureFilm()
        case .filterByName:
            mode = .filterInput(text: nameFilter)
            return []
        case .cycleFilter:
            filter = filter.next
            reorder()
            notice = .info("showing \(filter.label): \(order.count) film\(order.count == 1 ? "" : "s")")
            return ensureFilm()
        case .moreContrast:
            filmView.windowWidth = max(FilmView.narrowestWindow, filmView.windowWidth / FilmView.contrastStep)
            notice = .info(windowText)
        case .lessContrast:
            filmView.windowWidth = min(FilmView.widestWindow, filmView.windowWidth * FilmView.contrastStep)
            notice = .info(windowText)
        case .brighter:
            filmView.windowCenter = max(0, filmView.windowCenter - FilmView.levelStep)
            notice = .info(windowText)
        case .darker:
            filmView.windowCenter = min(255, filmView.windowCenter + FilmView.levelStep)
            notice = .info(windowText)
        case .invert:
            filmView.invert.toggle()
            notice = .info(filmView.invert ? "inverted" : "not inverted")
        case .zoomIn:
            filmView.zoom = min(FilmView.maximumZoom, filmView.zoom * 2)
            filmView.clampCenter()
            notice = .info("zoom x\(Int(filmView.zoom))")
            return ensureFilm()
        case .zoomOut:
            filmView.zoom = max(1, filmView.zoom / 2)
            filmView.clampCenter()
            notice = .info("zoom x\(Int(filmView.zoom))")
        case .panLeft: pan(dx: -1, dy: 0)
        case .panRight: pan(dx: 1, dy: 0)
        case .panUp: pan(dx: 0, dy: -1)
        case .panDown: pan(dx: 0, dy: 1)
        case .resetView:
            filmView = FilmView()
            notice = .info("view reset")
        case .toggleOverlay:
            return toggleOverlay()
        case .toggleFilmInfo, .toggleAnonymise, .cycleWindowPreset:
            filmInfoKey(action)
        case .adaptToStudy:
            return adaptToStudy()
        case .adaptWithLabels:
            return adaptWithLabels()
        case .answerYes:
            return answerYes()
        case .revertModel:
            return revertModel()
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
            notice = .info("zoom in (z) before panning")
            return
        }
        let step = FilmView.panStep / filmView.zoom
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
            notice = .info("note cancelled")
        case .enter:
            mode = .browsing
            return addNote(text, path: path, at: time)
        case .backspace, .delete:
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
            notice = nameFilter.isEmpty ? nil : .info("name contains \"\(nameFilter)\": \(order.count) film\(order.count == 1 ? "" : "s")")
        case .backspace, .delete:
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
