/// Reopening a study: once the log is read and every film hashed (verdicts are matched by
/// SHA-256), the cursor goes to the first film without this reviewer's verdict, unless the
/// reviewer already pressed a key.
extension AppState {
    /// True when every film has this reviewer's standing verdict and none of them is a
    /// deferral (a deferred film still needs a read).
    public var isComplete: Bool {
        !cases.isEmpty && reviewedCount == cases.count && !cases.contains { standing($0)?.verdict == .deferred }
    }

    mutating func resumeIfReady() -> [Effect] {
        guard resumePending, logReady, hashedCount >= cases.count else { return [] }
        resumePending = false
        guard logFailure == nil, reviewedCount > 0 else { return [] }
        // Reopening with an adapted model (the study's, or one given adapted elsewhere) says so
        // in front of where it resumed; a model not adapted here is called so on the status line.
        let adapted = siteModel != nil || baseFacts?.adaptedElsewhere != nil
        var opening = ""
        if adapted, let shown = notice?.text, let first = openingNotice?.text, shown.hasPrefix(first) { opening = first + " · " }
        if isComplete {
            notice = .info(opening + completeText + " (f lists disagreements)")
            return []
        }
        guard let position = order.firstIndex(where: { standing(cases[$0]) == nil }) else { return [] }
        let effects = moveCursor(to: position)
        notice = .info(opening + "resumed at \(cases[order[position]].fileName), the first film without your verdict "
            + "(\(reviewedCount) of \(cases.count) reviewed)")
        return effects
    }
}
