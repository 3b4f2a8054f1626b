/// The worklist: filters, sort order, cursor and scrolling.
extension AppState {
    /// Recomputes `order` from the filters and sort, keeping the selected film selected when
    /// it is still listed, else the same row.
    mutating func reorder() {
        let selected = selectedIndex
        let needle = nameFilter.lowercased()
        var listed: [Int] = []
        listed.reserveCapacity(cases.count)
        for (i, c) in cases.enumerated() {
            if !needle.isEmpty && !c.id.relativePath.lowercased().contains(needle) { continue }
            switch filter {
            case .all: break
            case .unreviewed: if standing(c) != nil { continue }
            case .disagreements: if !disagreesWithModel(c) { continue }
            case .deferred: if standing(c)?.verdict != .deferred { continue }
            }
            listed.append(i)
        }
        switch sort {
        case .name:
            listed.sort { a, b in
                let na = cases[a].fileName, nb = cases[b].fileName
                return na != nb ? Array(na.utf8).lexicographicallyPrecedes(nb.utf8) : a < b  // scan order is path order
            }
        case .probability:
            listed.sort { a, b in
                let pa = cases[a].probability ?? -1, pb = cases[b].probability ?? -1
                return pa != pb ? pa > pb : a < b
            }
        case .uncertainty:
            listed.sort { a, b in
                let ua = cases[a].probability.map { abs($0 - threshold) } ?? 2
                let ub = cases[b].probability.map { abs($0 - threshold) } ?? 2
                return ua != ub ? ua < ub : a < b
            }
        case .informative:
            // Films this reviewer has judged go last: their label is already given.
            let judged = listed.filter { standing(cases[$0]) != nil }, open = listed.filter { standing(cases[$0]) == nil }
            listed = InformativeOrder.order(open, cases: cases, threshold: threshold)
                + InformativeOrder.order(judged, cases: cases, threshold: threshold)
        case .unreviewedFirst:
            let reviewed = Dictionary(uniqueKeysWithValues: listed.map { ($0, standing(cases[$0]) != nil) })
            listed.sort { a, b in
                let ra = reviewed[a]!, rb = reviewed[b]!
                if ra != rb { return !ra }
                let na = cases[a].fileName, nb = cases[b].fileName
                return na != nb ? Array(na.utf8).lexicographicallyPrecedes(nb.utf8) : a < b
            }
        }
        if sortReversed { listed.reverse() }
        order = listed
        if let selected, let position = order.firstIndex(of: selected) {
            cursor = position
        } else {
            cursor = min(cursor, max(0, order.count - 1))
        }
        keepCursorVisible()
    }

    /// Scrolls the worklist so the cursor row is on screen.
    mutating func keepCursorVisible() {
        let rows = layout.worklistRows
        if cursor < scrollTop { scrollTop = cursor }
        if cursor >= scrollTop + rows { scrollTop = cursor - rows + 1 }
        scrollTop = max(0, min(scrollTop, max(0, order.count - rows)))
    }
}
