/// The review screen's transition function: `update(state, message) -> (state, [Effect])`.
extension AppState {

    /// The effects to run when the review opens: decode the first film, start the model.
    public mutating func start() -> [Effect] {
        // With --adapt-study, scoring waits for the adapted model rather than scoring twice.
        let adapt = adaptOnStart ? startLabelFreeAdaptation() : []
        if !adaptOnStart, let opening = openingNotice {
            notice = notice.map { shown in
                var joined = shown
                joined.lead = opening.text + " · " + shown.lead
                return joined
            } ?? opening
        }
        return ensureFilm() + adapt + scheduleClassification()
    }

    /// Applies `message` in place and returns the effects to run.
    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .notice(let text):
            notice = .info(text)
            return []
        case .key(let key, let time):
            return handleKey(key, at: time)
        case .mouse(let event, _):
            return handleMouse(event)
        case .resized(let newWidth, let newHeight):
            width = max(0, newWidth)
            height = max(0, newHeight)
            keepCursorVisible()
            return ensureFilm()
        case .hashed(let digests):
            for (path, sha) in digests {
                guard let i = indexByPath[path] else { continue }
                if cases[i].id.sha256 == nil { hashedCount += 1 }
                cases[i].id.sha256 = sha.lowercased()
            }
            recountReviewed()
            reorder()
            return resumeIfReady()
        case .hashFailed(let path, let reason):
            if let i = indexByPath[path] {
                cases[i].loadFailure = reason
                hashedCount += 1
            }
            return resumeIfReady()
        case .logLoaded(let loaded, let warnings):
            records = loaded + records
            logReady = true
            rebuildVerdicts()
            let effects = resumeIfReady()
            if let last = warnings.last {
                notice = .info(warnings.count == 1 ? "log: \(last)" : "log: \(warnings.count) warnings; last: \(last)")
            }
            return effects
        case .logFailed(let reason):
            logReady = true
            logFailure = reason
            notice = .error("verdicts cannot be saved: \(reason)")
            return []
        case .predicted(let scores):
            for (path, probability) in scores {
                guard let i = indexByPath[path] else { continue }
                if cases[i].classifying { classifyInFlight -= 1 }
                if cases[i].probability == nil && cases[i].predictionFailure == nil { scoredCount += 1 }
                cases[i].classifying = false
                cases[i].probability = min(1, max(0, probability))
            }
            if sort == .probability || sort == .uncertainty || sort == .informative || filter == .disagreements { reorder() }
            return scheduleClassification()
        case .predictionFailed(let path, let reason):
            if let i = indexByPath[path] {
                if cases[i].classifying { classifyInFlight -= 1 }
                if cases[i].probability == nil && cases[i].predictionFailure == nil { scoredCount += 1 }
                cases[i].classifying = false
                cases[i].predictionFailure = reason
            }
            return scheduleClassification()
        case .imageLoaded(let path, let image):
            if film?.path == path {
                film?.image = image
                film?.failure = nil
            }
            return []
        case .described(let metadata):
            return describe(metadata)
        case .modalityValues(let path, let image):
            if film?.path == path { film?.values = image }
            return []
        case .imageFailed(let path, let reason):
            if let i = indexByPath[path] { cases[i].loadFailure = reason }
            if film?.path == path { film?.failure = reason }
            return []
        case .explainProgress(let path, let done, let total):
            guard let i = indexByPath[path] else { return [] }
            if case .ready = cases[i].explanation { return [] }
            cases[i].explanation = .running(done: done, total: total)
            return []
        case .explained(let path, let overlay):
            if let i = indexByPath[path] { cases[i].explanation = .ready(overlay) }
            return []
        case .explainFailed(let path, let reason):
            if let i = indexByPath[path] { cases[i].explanation = .failed(reason) }
            return []
        case .verdictSaved(let saved):
            verdictSaved(saved)
            return []
        case .verdictFailed(let record, let reason):
            verdictFailed(record, reason: reason)
            return []
        case .studyAdapted, .adaptationProgress, .adaptationFinished, .adaptationFailed, .modelSwitched, .modelReverted:
            return siteModelMessage(message)
        case .studyAdaptationFailed(let reason):
            adaptation = .failed(reason)
            notice = .info("could not adapt the model to this study: \(reason)")
            return scheduleClassification()
        }
    }
}
