import CellGrid

/// Background work the screen asks for: decoding the film shown and scoring films.
extension AppState {
    /// Largest decode asked for, per side, however far the reviewer zooms.
    public static let maximumDecodeSide = 4096

    /// The decode size the film pane needs now: two pixels per cell across, four down
    /// (the block glyphs' sub-pixels), times the zoom.
    var neededFilmSize: (width: Int, height: Int) {
        let pane = layout.film
        let zoom = filmView.zoom
        let cell = BlockImage.subPixelsPerCell
        return (min(Self.maximumDecodeSide, Int(Double(max(1, pane.width) * cell.width) * zoom)),
                min(Self.maximumDecodeSide, Int(Double(max(1, pane.height) * cell.height) * zoom)))
    }

    /// Asks for what the selected film needs: its pixels (`ensureFilmImage`) and, with the
    /// overlay on, its explanation.
    mutating func ensureFilm() -> [Effect] {
        ensureFilmImage() + ensureExplanation()
    }

    /// Asks for the selected film when it is not the one shown or is too small for the pane,
    /// and for its neighbours ahead of need.
    mutating func ensureFilmImage() -> [Effect] {
        guard let selected = selectedCase else {
            film = nil
            return []
        }
        let need = neededFilmSize
        let path = selected.id.relativePath
        if film?.path != path {
            film = Film(path: path, image: nil, failure: selected.loadFailure, requested: need)
            filmView.zoom = 1
            filmView.windowPreset = nil
            filmView.centerX = 0.5
            filmView.centerY = 0.5
            var effects: [Effect] = [.loadImage(selected.id, minWidth: need.width, minHeight: need.height)]
            for position in [cursor + 1, cursor - 1] where order.indices.contains(position) {
                effects.append(.prefetchImage(cases[order[position]].id, minWidth: need.width, minHeight: need.height))
            }
            return effects
        }
        if let current = film, current.failure == nil,
           need.width > current.requested.width || need.height > current.requested.height {
            film?.requested = (max(need.width, current.requested.width), max(need.height, current.requested.height))
            return [.loadImage(selected.id, minWidth: need.width, minHeight: need.height)]
        }
        return []
    }

    /// Sends the next batch of unscored films to the model when none is in flight: the
    /// selected film first, then those after it in the worklist, then the rest in scan order.
    mutating func scheduleClassification() -> [Effect] {
        // While the model is being adapted to the study, scores of the old one would be discarded.
        guard modelID != nil, classifyInFlight == 0, !modelBeingReplaced else { return [] }
        var batch: [Int] = []
        func consider(_ i: Int) {
            let c = cases[i]
            if batch.count < Self.classifyBatch, c.probability == nil, c.predictionFailure == nil,
               !c.classifying, !batch.contains(i) {
                batch.append(i)
            }
        }
        if !order.isEmpty {
            for position in cursor..<min(order.count, cursor + Self.classifyBatch * 4) { consider(order[position]) }
        }
        var i = 0
        while batch.count < Self.classifyBatch && i < cases.count {
            consider(i)
            i += 1
        }
        guard !batch.isEmpty else { return [] }
        for i in batch { cases[i].classifying = true }
        classifyInFlight = batch.count
        return [.classify(batch.map { cases[$0].id })]
    }
}
