import CellGrid

/// The review screen's picture: `view(state, size) -> CellGrid`, pure. Each widget gets its
/// own input, built here from the state, so a widget sees only what it draws.
extension AppState {
    /// Draws the whole screen at the state's size.
    public func view() -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let theme = Theme(colorMode: colorMode)
        let layout = self.layout
        guard layout.fits else {
            let text = "need \(ScreenLayout.minimumWidth)x\(ScreenLayout.minimumHeight), have \(width)x\(height)"
            grid.put(CellGrid.fit(text, width: width), at: Position(x: 0, y: height / 2))
            return asciiOnly ? grid.asciiFallback() : grid
        }
        StatusLine.render(statusLineInput, in: layout.status, into: &grid, theme: theme)
        Worklist.render(worklistInput(rows: layout.worklist.height - 1), in: layout.worklist, into: &grid, theme: theme)
        for y in layout.worklist.y..<layout.worklist.bottom {
            grid[layout.separatorX, y] = Cell("│", style: theme.dim)
        }
        let filmPane = filmPaneInput
        FilmPane.render(filmPane, in: layout.film, into: &grid, theme: theme)
        ProbabilityGauge.render(gaugeInput, in: layout.gauge, into: &grid, theme: theme)
        if let legend = filmPane.legend {
            // Outside the film: in place of the probability bar (the row above says the number).
            OverlayLegend.render(legend, in: Rect(x: layout.gauge.x, y: layout.gauge.bottom - 1, width: layout.gauge.width, height: 1),
                                 into: &grid, theme: theme)
        }
        MessageLine.render(messageLineInput, in: layout.message, into: &grid, theme: theme)
        HintLine.render(hintLineInput, in: layout.hint, into: &grid, theme: theme)
        if let panel = adaptationPanelInput {
            AdaptationPanel.render(panel, in: helpArea, into: &grid, theme: theme)
        }
        if mode == .help {
            HelpOverlay.render(in: helpArea, page: helpPage, into: &grid, theme: theme)
        }
        return asciiOnly ? grid.asciiFallback() : grid
    }

    /// Where the help overlay is drawn: between the status and hint lines.
    var helpArea: Rect { Rect(x: 0, y: 1, width: width, height: max(0, height - 2)) }

    /// `state.view()` resized to `width` x `height` first, as `view(state, size)`.
    public static func view(_ state: AppState, width: Int, height: Int) -> CellGrid {
        var sized = state
        _ = sized.update(.resized(width: width, height: height))
        return sized.view()
    }

    // MARK: Widget inputs

    var statusLineInput: StatusLine.Input {
        StatusLine.Input(studyName: studyName, reviewer: reviewer, cursor: cursor, listed: order.count,
                         reviewed: reviewedCount, total: cases.count, isComplete: isComplete,
                         sort: sort, filter: filter, nameFilter: nameFilter,
                         model: modelText, modelID: modelID, adaptation: adaptation, reversed: sortReversed,
                         siteModel: siteModel, standingKnown: baseFacts != nil,
                         adaptedElsewhere: baseFacts?.adaptedElsewhere)
    }

    /// The worklist's films from the scroll position, at most `rows` of them.
    func worklistInput(rows: Int) -> Worklist.Input {
        let shown = scrollTop..<min(order.count, scrollTop + max(0, rows))
        let nameWidth = Worklist.nameWidth(in: layout.worklist.width)
        return Worklist.Input(rows: shown.map { position in
            let reviewCase = cases[order[position]]
            return Worklist.Row(mark: mark(reviewCase), fileName: names.display(order[position], width: nameWidth),
                                score: score(reviewCase), isSelected: position == cursor)
        }, isEmpty: order.isEmpty, droppedExtension: names.dropsExtension(width: nameWidth) ? names.sharedExtension : nil)
    }

    /// The worklist mark: agreement with the model now loaded, not the one of the verdict's day.
    func mark(_ reviewCase: ReviewCase) -> Worklist.Mark {
        if isPending(path: reviewCase.id.relativePath) { return .saving }
        guard let standing = standing(reviewCase) else { return .none }
        if standing.verdict == .deferred { return .deferred }
        if disagreesWithModel(reviewCase) { return .disagrees }
        return standing.labelForTraining == nil || reviewCase.probability == nil ? .notCompared : .agrees
    }

    /// Where the model's score of `reviewCase` stands.
    func score(_ reviewCase: ReviewCase) -> FilmScore {
        guard modelID != nil else { return .noModel }
        if let failure = reviewCase.predictionFailure { return .failed(failure) }
        guard let p = reviewCase.probability else { return .scoring }
        return .scored(probability: p, label: predictedLabel(p))
    }

    var filmPaneInput: FilmPane.Input {
        let legend = overlayOn ? OverlayLegend.Input(explanation: currentExplanation, colorMode: colorMode) : nil
        guard let film else { return FilmPane.Input(content: .none(emptyList: order.isEmpty), legend: legend) }
        let content: FilmPane.Content
        if let image = filmGreys {
            var tint: TintMask?
            if overlayOn, let i = indexByPath[film.path], case .ready(let overlay)? = cases[i].explanation {
                tint = overlay.mask
            }
            content = .film(FilmPane.Film(
                image: image, options: filmView.options(colorMode: colorMode, imageWidth: image.width,
                                                        imageHeight: image.height, workers: renderWorkers),
                tint: tint, zoom: filmView.zoom, info: filmInfoText, window: windowBadge))
        } else if let failure = film.failure {
            content = .failed(failure)
        } else {
            content = .loading
        }
        return FilmPane.Input(content: content, legend: legend)
    }

    var gaugeInput: ProbabilityGauge.Input {
        let record = selectedCase.flatMap { standing($0) }
        return ProbabilityGauge.Input(score: selectedCase.map { score($0) }, threshold: threshold,
                                      verdict: record.map { $0.reviewerStatement ?? $0.verdict.rawValue },
                                      note: record?.note ?? "")
    }

    var messageLineInput: MessageLine.Input {
        switch mode {
        case .noteInput(_, let text): return .noteInput(text)
        case .filterInput(let text): return .filterInput(text)
        case .browsing, .help:
            let failed = cases.reduce(0) { $0 + ($1.predictionFailure != nil ? 1 : 0) }
            return .status(notice, MessageLine.Progress(total: cases.count, hasModel: modelID != nil, scored: scoredCount,
                                                        failed: failed, hashed: hashedCount, logReady: logReady,
                                                        adaptation: adaptationProgressText))
        }
    }

    var hintLineInput: HintLine.Input {
        switch mode {
        case .browsing:
            if let keys = adaptationQuestionKeys { .question(keys) }
            else if let offer = adaptationHint { .offering(offer) }
            else { .browsing }
        case .help: .help(paged: HelpOverlay.pageCount(in: helpArea) > 1)
        case .noteInput: .noteInput
        case .filterInput: .filterInput
        }
    }
}

extension AppState {
    /// "window 204 level 128 (r resets)" while window or level differ from the default, which
    /// they keep from film to film; nil at the default.
    var windowBadge: String? {
        guard filmView.windowWidth != FilmView().windowWidth || filmView.windowCenter != FilmView().windowCenter else { return nil }
        return "window \(Int(filmView.windowWidth.rounded())) level \(Int(filmView.windowCenter.rounded())) (r resets)"
    }
}
