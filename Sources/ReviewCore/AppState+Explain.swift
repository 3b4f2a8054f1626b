/// The LIME overlay: `o` shows or hides it; while shown, the selected film's explanation is
/// asked for (once) and the next film's ahead of need.
extension AppState {
    /// The selected film's explanation status, or nil when none was asked for.
    public var currentExplanation: ExplanationStatus? {
        selectedCase?.explanation
    }

    mutating func toggleOverlay() -> [Effect] {
        guard modelID != nil else {
            notice = .info("no model: nothing to explain")
            return []
        }
        // Without colour there is nothing to tint: say so once, here, rather than switch it on.
        guard colorMode != .monochrome || overlayOn else {
            notice = .info("the LIME overlay needs colour (NO_COLOR is set or the terminal has none); `lightbox explain` writes it to a file")
            return []
        }
        overlayOn.toggle()
        notice = .info(overlayOn ? "LIME overlay on" : "LIME overlay off")
        return ensureExplanation()
    }

    /// With the overlay on: `.explain` for the selected film unless it is ready, failed or
    /// already asked for; `.prefetchExplanation` for the next film unless known.
    mutating func ensureExplanation() -> [Effect] {
        guard overlayOn, modelID != nil, let selected = selectedIndex else { return [] }
        var effects: [Effect] = []
        switch cases[selected].explanation {
        case .ready?, .failed?:
            break
        case .running?, nil:
            if !cases[selected].explanationAsked {
                cases[selected].explanationAsked = true
                if cases[selected].explanation == nil { cases[selected].explanation = .running(done: 0, total: 0) }
                effects.append(.explain(cases[selected].id))
            }
        }
        if order.indices.contains(cursor + 1) {
            let next = order[cursor + 1]
            if cases[next].explanation == nil {
                cases[next].explanation = .running(done: 0, total: 0)
                effects.append(.prefetchExplanation(cases[next].id))
            }
        }
        return effects
    }
}
