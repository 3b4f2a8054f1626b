import CellGrid

/// The top line: study, case n of N, reviewed count (and "complete"), sort and filter (always),
/// the model (and its adaptation to the study), reviewer. When narrow, "Lightbox" and the
/// reviewer go first, then the model's name is shortened in the middle.
enum StatusLine {
    /// What the status line says.
    struct Input: Equatable {
        /// Name of the study folder, and who gives the verdicts.
        var studyName: String, reviewer: String
        /// Position of the selected film in the worklist (0-based), and the films listed (0: none).
        var cursor: Int, listed: Int
        /// Films with a standing verdict from this reviewer, films in the study, and whether
        /// that is all of them.
        var reviewed: Int, total: Int, isComplete: Bool
        /// The worklist order, which films it lists, and the name filter ("" for none).
        var sort: SortOrder, filter: CaseFilter, nameFilter: String
        /// The model in words ("model ID (adapted to this study, 10 films)"), its identifier
        /// (nil without a model), and where its adaptation to the study stands.
        var model: String, modelID: String?, adaptation: StudyAdaptation
        /// True when the order is reversed (`S`).
        var reversed = false
        /// The adapted model in use, and whether the review knows where the model stands with
        /// this study (then an unadapted model is called so).
        var siteModel: SiteModel? = nil, standingKnown = false
        /// The given model's own adaptation to another site, if any ("adapted to site …").
        var adaptedElsewhere: String? = nil
    }

    static func render(_ input: Input, in rect: Rect, into grid: inout CellGrid, theme: Theme) {
        grid.putLine(" " + text(input, width: rect.width - 1), in: rect, style: theme.bar)
    }

    /// The line's text for `width` columns.
    static func text(_ input: Input, width: Int) -> String {
        let position = input.listed == 0 ? "no films listed" : "case \(input.cursor + 1)/\(input.listed)"
        var listing = "show: \(input.filter.label)"
        if !input.nameFilter.isEmpty { listing += ", name: \(input.nameFilter)" }
        let reviewed = "\(input.reviewed)/\(input.total)" + (input.isComplete ? " complete" : "")
        let core = [input.studyName, position, "reviewed " + reviewed, "sort: \(input.sort.label(reversed: input.reversed))", listing]
        let separator = " │ "
        func joined(_ parts: [String]) -> String { parts.joined(separator: separator) }
        // Where the model stands in two words, for when the long ones do not fit.
        var shortTail: String?
        var running = false
        if case .running = input.adaptation { running = true }
        if input.modelID != nil, !running {
            if let siteModel = input.siteModel { shortTail = " (\(siteModel.shortSummary))" }
            else if input.adaptedElsewhere != nil { shortTail = " (adapted elsewhere)" }
            else if input.standingKnown { shortTail = " (not adapted)" }
        }
        let shortStanding = shortTail.map { "model \(input.modelID ?? "none")" + $0 }
        var candidates = [
            ["Lightbox"] + core + [input.model, "reviewer \(input.reviewer)"],
            core + [input.model, "reviewer \(input.reviewer)"],
        ]
        if let shortStanding { candidates.append(core + [shortStanding, "reviewer \(input.reviewer)"]) }
        candidates.append(core + [input.model])
        if let shortStanding { candidates.append(core + [shortStanding]) }
        for parts in candidates where Cell.width(of: joined(parts)) <= width { return joined(parts) }
        // Where the model stands (not adapted, adapted elsewhere) keeps the long words with the
        // model's name shortened in the middle, while that leaves the name some room.
        if let tail = shortTail {
            let room = width - Cell.width(of: joined(core + [""])) - Cell.width(of: tail)
            if room >= Self.roomyModelColumns {
                return joined(core + [CellGrid.fitMiddle("model \(input.modelID ?? "none")", width: room) + tail])
            }
        }
        // Narrow: shorter words, and the model's name shortened in the middle (or, once
        // adapted, only that it is: the message line named the new model).
        var shortListing = "by \(input.sort.shortLabel)\(input.reversed ? " rev" : ""), \(input.filter.label)"
        if !input.nameFilter.isEmpty { shortListing += ", name: \(input.nameFilter)" }
        let compact = [input.studyName, input.listed == 0 ? "none listed" : "\(input.cursor + 1)/\(input.listed)",
                       input.isComplete ? "all reviewed" : reviewed + " reviewed", shortListing]
        var shortModel = "model \(input.modelID ?? "none")"
        var tail = ""
        if let siteModel = input.siteModel { shortModel = siteModel.shortSummary }
        else if input.adaptedElsewhere != nil { tail = " (adapted elsewhere)" }
        else if input.standingKnown && input.modelID != nil { tail = " (not adapted)" }
        if case .running = input.adaptation { shortModel = "adapting…"; tail = "" }
        var room = width - Cell.width(of: joined(compact + [""]))
        if !tail.isEmpty {
            // Saying the model is not adapted here matters more than its name.
            if room - Cell.width(of: tail) >= minimumModelColumns { room -= Cell.width(of: tail) }
            else { (shortModel, tail) = (input.adaptedElsewhere != nil ? "adapted elsewhere" : "not adapted", "") }
        }
        return joined(compact + [CellGrid.fitMiddle(shortModel, width: max(room, minimumModelColumns)) + tail])
    }

    /// Columns the model's name needs before the long words are kept beside it.
    static let roomyModelColumns = 24

    /// Columns the shortened model name keeps however narrow the line: enough for
    /// "model c…3" to still tell two models apart at a glance.
    static let minimumModelColumns = 8
}
