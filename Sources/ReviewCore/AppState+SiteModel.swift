import CellGrid
/// The site loop inside the review: once the reviewer's labels allow it, `M` adapts the model
/// given to the review with them in the background (cross-validated); the review shows the
/// before and after figures and asks whether to switch; `y` keeps the adapted model with the
/// study and scores with it, `R` goes back to the model as given. Reopening the study uses the
/// kept model (the app sets `siteModel`).
extension AppState {
    /// Labels of each class the reviewer gives before adapting with them is offered.
    public static let labelsPerClassToAdapt = 20

    /// This reviewer's standing labels in this study (agree/disagree; deferred films have none).
    public var labelledFilms: [LabelledFilm] {
        cases.compactMap { reviewCase in
            standing(reviewCase)?.labelForTraining.map { LabelledFilm(caseID: reviewCase.id, label: $0) }
        }
    }

    /// NORMAL and PNEUMONIA labels this reviewer has standing in this study.
    public var labelCounts: (normal: Int, pneumonia: Int) {
        var normal = 0, pneumonia = 0
        for reviewCase in cases {
            switch standing(reviewCase)?.labelForTraining {
            case .normal?: normal += 1
            case .pneumonia?: pneumonia += 1
            case nil: break
            }
        }
        return (normal, pneumonia)
    }

    /// The offer on the message line ("M adapts the model with your 20+21 labels"), or nil
    /// when there are too few labels, no model, an adaptation under way, or the model in use
    /// was adapted from exactly these counts.
    var adaptationOffer: String? {
        guard modelID != nil, logReady else { return nil }
        switch adaptation {
        case .none, .failed: break
        default: return nil
        }
        let counts = labelCounts
        guard min(counts.normal, counts.pneumonia) >= Self.labelsPerClassToAdapt else { return nil }
        if case .labels(let normal, let pneumonia)? = siteModel?.method, normal == counts.normal, pneumonia == counts.pneumonia {
            return nil
        }
        return "\(Self.adaptKey) adapts the model with your \(counts.normal)+\(counts.pneumonia) labels"
    }

    /// `M`: adapts the model given to the review with this reviewer's labels (cross-validated,
    /// nothing switched), or says how many labels are missing.
    mutating func adaptWithLabels() -> [Effect] {
        guard modelID != nil else {
            notice = .info("no model: nothing to adapt")
            return []
        }
        guard adaptationIdle else {
            notice = .info("already adapting the model to this study")
            return []
        }
        let counts = labelCounts
        let need = Self.labelsPerClassToAdapt
        guard min(counts.normal, counts.pneumonia) >= need else {
            notice = .info("adapting with labels needs \(need) NORMAL and \(need) PNEUMONIA labels; you have \(counts.normal) and \(counts.pneumonia)")
            return []
        }
        let films = labelledFilms
        adaptation = .running(labelFree: false, progress: "loading \(films.count) films")
        notice = .info("adapting the model with your \(counts.normal)+\(counts.pneumonia) labels, cross-validated, in the background…")
        return [.adaptWithLabels(films)]
    }

    /// True when no adaptation is asked, running or proposed.
    private var adaptationIdle: Bool {
        switch adaptation {
        case .none, .failed: true
        default: false
        }
    }

    /// `y`: answers the question on screen (adapt without labels, or switch to the adapted model).
    mutating func answerYes() -> [Effect] {
        switch adaptation {
        case .proposing(let report):
            adaptation = .switching
            notice = .info("keeping the adapted model with the study and switching to it…")
            return [.switchModel(to: report.modelID)]
        default:
            notice = .info("y answers a question; none is asked")
            return []
        }
    }

    /// `R`: goes back to the model given to the review, for this study from now on.
    mutating func revertModel() -> [Effect] {
        guard let siteModel else {
            notice = .info(modelID == nil ? "no model" : "the model is the one given to the review; nothing to go back to")
            return []
        }
        guard adaptationIdle else {
            notice = .info("wait for the adaptation under way to finish")
            return []
        }
        adaptation = .switching
        notice = .info("going back to \(siteModel.baseModelID)…")
        return [.revertModel]
    }

    /// Keys while a question is on screen; nil lets the key through to the binding table.
    mutating func answer(_ key: Key) -> [Effect]? {
        switch adaptation {
        case .confirmingLabelFree:
            adaptation = .none
            if key == .character("y") { return startLabelFreeAdaptation() }
            notice = .info("not adapted; the model is unchanged")
            return []
        case .proposing:
            if key == .character("y") { return answerYes() }
            if key == .character("n") || key == .escape {
                adaptation = .none
                notice = .info("kept the current model; \(Self.adaptKey) adapts again later")
                return []
            }
            if KeyBindings.action(for: key) == .quit { return nil }
            notice = .info("answer first: y switches to the adapted model, n keeps the current one")
            return []
        case .notBetter:
            adaptation = .none
            notice = .info("kept the current model")
            return []
        default:
            return nil
        }
    }

    /// A background adaptation message.
    mutating func siteModelMessage(_ message: Message) -> [Effect] {
        switch message {
        case .adaptationProgress(let words):
            if case .running(let labelFree, _) = adaptation { adaptation = .running(labelFree: labelFree, progress: words) }
            return []
        case .adaptationFinished(let report):
            let counts = "\(report.normal)+\(report.pneumonia) labels"
            if report.isBetter {
                adaptation = .proposing(report)
                notice = .info("adapted with \(counts): y switches to it, n keeps the current model")
            } else {
                adaptation = .notBetter(report)
                notice = .info("adapted with \(counts): not better by cross-validation; the model is unchanged")
            }
            return []
        case .adaptationFailed(let reason):
            adaptation = .failed(reason)
            notice = .error("could not adapt the model: \(reason)")
            // A failed switch or revert leaves the old model, whose scoring waited.
            return scheduleClassification()
        case .studyAdapted(let model), .modelSwitched(let model):
            return switched(to: model)
        case .modelReverted(let id, let newThreshold):
            siteModel = nil
            adaptation = .none
            modelID = id
            threshold = newThreshold
            notice = .info("back to \(id), the model as given; scoring again (the adapted model stays in .lightbox/models)")
            return rescoreAll()
        default:
            return []
        }
    }

    /// The notice the review opens with: which adapted model it uses, or, for a model not
    /// adapted here, how it fared at a new site and the key that adapts it.
    public var openingNotice: Notice? {
        if let siteModel {
            return .info("model: \(siteModel.summary) · \(Self.revertKey) goes back to \(siteModel.baseModelID)")
        }
        guard let baseFacts, modelID != nil else { return nil }
        if let elsewhere = baseFacts.adaptedElsewhere { return .info("model: \(elsewhere) (as given)") }
        let need = Self.labelsPerClassToAdapt
        guard let specificity = baseFacts.newSiteSpecificity else {
            return .info("model not adapted to this study: label \(need)+\(need) films, then \(Self.adaptKey) adapts it")
        }
        return .info("not adapted here (new-site specificity \(fixed(specificity, 2))): "
                     + "\(need)+\(need) labels, then \(Self.adaptKey) adapts it")
    }

    /// The first key bound to `action`, as the help shows it.
    static func key(for action: Action) -> String {
        KeyBindings.table.first { $0.action == action }?.keys.first?.label ?? "?"
    }

    static var adaptKey: String { key(for: .adaptWithLabels) }
    static var revertKey: String { key(for: .revertModel) }

    // MARK: What the screen shows of it

    /// The panel with the before and after figures, while a result waits for an answer.
    var adaptationPanelInput: AdaptationPanel.Input? {
        switch adaptation {
        case .proposing(let report): AdaptationPanel.Input(report: report, offersSwitch: true)
        case .notBetter(let report): AdaptationPanel.Input(report: report, offersSwitch: false)
        default: nil
        }
    }

    /// The message line's words for the adaptation under way, or the offer to adapt.
    var adaptationProgressText: String? {
        switch adaptation {
        case .running(let labelFree, let progress): (labelFree ? "adapting without labels: " : "adapting: ") + progress
        case .switching: "switching model…"
        default: adaptationOffer
        }
    }

    /// The hint line's first hint while adapting is offered: "M adapt with 20+20 labels".
    var adaptationHint: String? {
        guard adaptationOffer != nil else { return nil }
        let counts = labelCounts
        return "\(Self.adaptKey) adapt with \(counts.normal)+\(counts.pneumonia) labels"
    }

    /// The hint line while a question is on screen.
    var adaptationQuestionKeys: String? {
        switch adaptation {
        case .confirmingLabelFree: "y adapt without labels  any other key cancels"
        case .proposing: "y switch to the adapted model  n keep the current one  q quit"
        case .notBetter: "any key closes"
        default: nil
        }
    }
}
