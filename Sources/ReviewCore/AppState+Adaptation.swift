/// Label-free adaptation of the model to the open study (`A`, then `y`; or `--adapt-study`):
/// the app loop re-estimates the model's batch-norm statistics on the study's films off the UI
/// thread and keeps the adapted model with the study, then every film is scored again by it.
extension AppState {
    /// Fewest films the adaptation is run on (batch statistics of fewer are noise).
    public static let minimumAdaptationFilms = 8

    /// `A`: asks whether to adapt without labels, unless there is no model, too few films, or
    /// an adaptation is running or in use.
    mutating func adaptToStudy() -> [Effect] {
        guard canStartAdaptation() else { return [] }
        guard cases.count >= Self.minimumAdaptationFilms else {
            notice = .info("adapting needs at least \(Self.minimumAdaptationFilms) films; this study has \(cases.count)")
            return []
        }
        adaptation = .confirmingLabelFree
        notice = .info("adapt the model to this study without labels (batch-norm statistics, AdaBN)? "
                       + "y adapts and keeps it with the study; any other key cancels")
        return []
    }

    /// Starts the label-free adaptation (after `y`, or at once with `--adapt-study`).
    mutating func startLabelFreeAdaptation() -> [Effect] {
        guard canStartAdaptation() else { return [] }
        guard cases.count >= Self.minimumAdaptationFilms else {
            notice = .info("adapting needs at least \(Self.minimumAdaptationFilms) films; this study has \(cases.count)")
            return []
        }
        adaptation = .running(labelFree: true, progress: "batch-norm statistics")
        notice = .info("adapting the model to this study (batch-norm statistics, no labels)…")
        return [.adaptModelToStudy]
    }

    /// False, with the reason in the notice, when no adaptation may start now.
    mutating func canStartAdaptation() -> Bool {
        guard modelID != nil else {
            notice = .info("no model: nothing to adapt")
            return false
        }
        switch adaptation {
        case .running, .switching:
            notice = .info("already adapting the model to this study")
            return false
        case .proposing, .confirmingLabelFree, .notBetter:
            return false
        case .none, .failed:
            break
        }
        if let siteModel {
            notice = .info("the model is already \(siteModel.summary); \(Self.revertKey) goes back to the model as given")
            return false
        }
        return true
    }

    /// The adapted model is scoring now: every film is scored again, later verdicts carry its id.
    mutating func switched(to model: SiteModel) -> [Effect] {
        siteModel = model
        adaptation = .none
        modelID = model.modelID
        threshold = model.threshold
        notice = .info("model: \(model.summary); scoring again · \(Self.revertKey) goes back")
        return rescoreAll()
    }

    /// Forgets every score and explanation (they were the old model's) and schedules scoring.
    mutating func rescoreAll() -> [Effect] {
        for i in cases.indices {
            // A batch in flight was queued after the switch, so its answer is the new model's.
            cases[i].probability = nil
            cases[i].predictionFailure = nil
            cases[i].explanation = nil
            cases[i].explanationAsked = false
        }
        scoredCount = 0
        reorder()
        return scheduleClassification() + ensureExplanation()
    }

    /// True while the model scoring is being replaced (label-free adaptation, switch, revert):
    /// scoring waits for the new model rather than scoring twice.
    var modelBeingReplaced: Bool {
        switch adaptation {
        case .running(labelFree: true, _), .switching: true
        default: false
        }
    }

    /// The status line's words for the model: `model ID`, plus where it stands with this study
    /// when the review knows (`baseFacts` or an adapted model), and an adaptation under way.
    var modelText: String {
        let id = "model \(modelID ?? "none")"
        switch adaptation {
        case .running: return id + " (adapting to study…)"
        case .switching: return id + " (switching…)"
        default: break
        }
        if let siteModel { return id + " (\(siteModel.summary))" }
        guard let baseFacts, modelID != nil else { return id }
        return id + " (\(baseFacts.adaptedElsewhere ?? "not adapted to this study"))"
    }
}
