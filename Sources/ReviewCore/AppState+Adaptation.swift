/// Label-free adaptation of the model to the open study (`A`, or `--adapt-study`): the app
/// loop re-estimates the model's batch-norm statistics on the study's films off the UI
/// thread, then every film is scored again by the adapted model, whose id later verdicts carry.
extension AppState {
    /// Fewest films the adaptation is run on (batch statistics of fewer are noise).
    public static let minimumAdaptationFilms = 8

    /// Asks for the adaptation unless there is no model, too few films, or it is running or done.
    mutating func adaptToStudy() -> [Effect] {
        guard modelID != nil else {
            notice = .info("no model: nothing to adapt")
            return []
        }
        switch adaptation {
        case .running:
            notice = .info("already adapting the model to this study")
            return []
        case .adapted(let films, _):
            notice = .info("the model is already adapted to this study (\(films) films)")
            return []
        case .none, .failed:
            break
        }
        guard cases.count >= Self.minimumAdaptationFilms else {
            notice = .info("adapting needs at least \(Self.minimumAdaptationFilms) films; this study has \(cases.count)")
            return []
        }
        adaptation = .running
        notice = .info("adapting the model to this study (batch-norm statistics, no labels)…")
        return [.adaptModelToStudy]
    }

    /// The model was adapted: it now has `newModelID`; every film is scored again.
    mutating func studyAdapted(modelID newModelID: String, films: Int) -> [Effect] {
        adaptation = .adapted(films: films, baseModelID: modelID ?? Self.noModelID)
        modelID = newModelID
        for i in cases.indices {
            // A batch in flight was queued after the adaptation, so its answer is the new model's.
            cases[i].probability = nil
            cases[i].predictionFailure = nil
            cases[i].explanation = nil
            cases[i].explanationAsked = false
        }
        scoredCount = 0
        notice = .info("model adapted to this study from \(films) films, now \(newModelID); scoring again")
        reorder()
        return scheduleClassification() + ensureExplanation()
    }

    /// The status line's words for the model: `model ID`, plus the adaptation when there is one.
    var modelText: String {
        let id = "model \(modelID ?? "none")"
        switch adaptation {
        case .none, .failed: return id
        case .running: return id + " (adapting to study…)"
        case .adapted(let films, _): return id + " (adapted to this study, \(films) films)"
        }
    }
}
