/// Verdicts, undo and notes: records go to the log as effects and stand at once, marked
/// pending until the log confirms they are on disk.
extension AppState {
    /// Model id written when there is no model.
    public static let noModelID = "none"

    mutating func judge(_ verdict: Verdict, at time: UTCTimestamp) -> [Effect] {
        guard let index = selectedIndex else { return [] }
        guard logReady else {
            message = "the feedback log is still being read; try again in a moment"
            return []
        }
        if let logFailure {
            message = "verdicts cannot be saved: \(logFailure)"
            return []
        }
        let reviewCase = cases[index]
        var probability = Double.nan
        var predicted: ClassLabel?
        if modelID != nil {
            guard let p = reviewCase.probability else {
                message = reviewCase.predictionFailure.map { "the model could not score this film: \($0)" }
                    ?? "the model has not scored this film yet; a moment, please"
                return []
            }
            probability = p
            predicted = predictedLabel(p)
        }
        let record = FeedbackRecord(
            timestamp: time, reviewer: reviewer, caseID: reviewCase.id, modelID: modelID ?? Self.noModelID,
            probability: probability, threshold: threshold, predictedLabel: predicted, verdict: verdict,
            reviewerLabel: verdict == .agree ? predicted : predicted?.opposite)
        stand(record)
        undoStack.append(record)
        message = "\(verdict.rawValue) on \(reviewCase.fileName): saving…"
        return [.appendVerdict(record)] + advanceToUnreviewed()
    }

    mutating func undo(at time: UTCTimestamp) -> [Effect] {
        guard let last = undoStack.popLast() else {
            message = "nothing to undo in this session"
            return []
        }
        var retract = last
        retract.timestamp = time
        retract.verdict = .retract
        retract.reviewerLabel = nil
        retract.note = ""
        stand(retract)
        var effects: [Effect] = [.appendVerdict(retract)]
        if let position = order.firstIndex(where: { cases[$0].id.relativePath == last.caseID.relativePath }) {
            effects += moveCursor(to: position)
        }
        message = "undid \(last.verdict.rawValue) on \(fileName(last.caseID.relativePath)): saving…"
        return effects
    }

    mutating func addNote(_ text: String, path: String, at time: UTCTimestamp) -> [Effect] {
        guard !text.isEmpty else {
            message = "empty note not added"
            return []
        }
        guard let index = indexByPath[path], var record = standing(cases[index]) else {
            message = "the verdict this note was for was undone; note not added"
            return []
        }
        record.timestamp = time
        record.verdict = .note
        record.note = text
        record.caseID = cases[index].id
        stand(record)
        message = "note on \(cases[index].fileName): saving…"
        return [.appendVerdict(record)]
    }

    /// Applies a record at once and remembers it as on its way to disk.
    private mutating func stand(_ record: FeedbackRecord) {
        records.append(record)
        pending.append(record)
        verdicts.apply(record)
        recountReviewed()
        if filter != .all || sort == .unreviewedFirst { reorder() }
    }

    mutating func verdictSaved(_ saved: FeedbackRecord) {
        guard let p = pending.firstIndex(where: { Self.sameWrite($0, saved) }) else { return }
        let sent = pending.remove(at: p)
        if sent.caseID != saved.caseID {
            // The writer filled in the SHA-256; key the fold by it from now on.
            if let r = records.lastIndex(where: { Self.sameWrite($0, sent) }) { records[r] = saved }
            if let u = undoStack.lastIndex(where: { Self.sameWrite($0, sent) }) { undoStack[u] = saved }
            if let i = indexByPath[saved.caseID.relativePath], cases[i].id.sha256 == nil {
                cases[i].id.sha256 = saved.caseID.sha256
                hashedCount += 1
            }
            rebuildVerdicts()
        }
        message = "saved: \(saved.verdict.rawValue) on \(fileName(saved.caseID.relativePath))"
    }

    mutating func verdictFailed(_ record: FeedbackRecord, reason: String) {
        pending.removeAll { Self.sameWrite($0, record) }
        records.removeAll { Self.sameWrite($0, record) }
        undoStack.removeAll { Self.sameWrite($0, record) }
        rebuildVerdicts()
        message = "NOT saved (\(record.verdict.rawValue) on \(fileName(record.caseID.relativePath))): \(reason)"
    }

    /// True when two records are the same write, ignoring a SHA-256 filled in on the way.
    static func sameWrite(_ a: FeedbackRecord, _ b: FeedbackRecord) -> Bool {
        a.timestamp == b.timestamp && a.caseID.relativePath == b.caseID.relativePath
            && a.verdict == b.verdict && a.reviewer == b.reviewer && a.note == b.note
    }

    /// Moves to the next film in the worklist without a standing verdict, wrapping around.
    private mutating func advanceToUnreviewed() -> [Effect] {
        guard !order.isEmpty else { return ensureFilm() }
        // The judged film is reviewed now, so it is skipped; if it left the list (a filter),
        // the cursor already rests on the film after it.
        let start = min(cursor, order.count - 1)
        for step in 0..<order.count {
            let position = (start + step) % order.count
            let index = order[position]
            if standing(cases[index]) == nil {
                return moveCursor(to: position)
            }
        }
        message = (message ?? "") + " — every listed film has a verdict"
        return ensureFilm()
    }

    mutating func rebuildVerdicts() {
        verdicts = StandingVerdicts(records)
        recountReviewed()
        reorder()
    }

    mutating func recountReviewed() {
        reviewedCount = cases.reduce(0) { $0 + (standing($1) != nil ? 1 : 0) }
    }

    func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
