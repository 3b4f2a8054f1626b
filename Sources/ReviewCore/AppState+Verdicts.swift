import Feedback
/// Verdicts, undo and notes: records go to the log as effects and stand at once, marked
/// pending until the log confirms they are on disk.
extension AppState {
    /// Model id written when there is no model.
    public static let noModelID = "none"

    /// Records `verdict` on the selected film and moves to the next unreviewed one.
    ///
    /// The same verdict again appends nothing; a verdict that changes a standing label needs
    /// a second press of the same key (`confirmation`), and its message says what it replaces.
    mutating func judge(_ verdict: Verdict, at time: UTCTimestamp, confirmed: Bool = false) -> [Effect] {
        guard let index = selectedIndex else { return [] }
        guard logReady else {
            notice = .info("the feedback log is still being read; try again in a moment")
            return []
        }
        if let logFailure {
            notice = .error("verdicts cannot be saved: \(logFailure)")
            verdictsRefused += 1
            return []
        }
        let reviewCase = cases[index]
        var probability = Double.nan
        var predicted: ClassLabel?
        if modelID != nil {
            if let p = reviewCase.probability {
                probability = p
                predicted = predictedLabel(p)
            } else if verdict != .deferred {
                notice = .info(reviewCase.predictionFailure.map { "the model could not score this film: \($0)" }
                    ?? "the model has not scored this film yet; a moment, please")
                return []
            }
        }
        let record = FeedbackRecord(
            timestamp: time, reviewer: reviewer, caseID: reviewCase.id, modelID: modelID ?? Self.noModelID,
            probability: probability, threshold: threshold, predictedLabel: predicted, verdict: verdict,
            reviewerLabel: verdict == .agree ? predicted : verdict == .disagree ? predicted?.opposite : nil)
        let said = record.reviewerStatement ?? verdict.rawValue
        var what = "\(said) on \(reviewCase.fileName)"
        if let old = standing(reviewCase), let oldSaid = old.reviewerStatement {
            guard oldSaid != said else {
                notice = .info("\(reviewCase.fileName) is already \(said); nothing saved")
                return []
            }
            // Replacing a label is a change of mind: ask for the same key once more.
            if old.verdict != .deferred && !confirmed {
                confirmation = Confirmation(path: reviewCase.id.relativePath, verdict: verdict)
                notice = .info("\(reviewCase.fileName) is \(oldSaid): press \(Self.keyName(for: verdict)) again to change it to \(said)")
                return []
            }
            what = "\(reviewCase.fileName): was \(oldSaid), now \(said)"
        }
        stand(record)
        undoStack.append(record)
        lastJudgedPath = reviewCase.id.relativePath
        notice = .saving(what, path: reviewCase.id.relativePath)
        let effects = [Effect.appendVerdict(record)] + advanceToUnreviewed()
        if isComplete { appendToNotice(" · " + completeText) }
        return effects
    }

    /// "study complete: all 30 films have your verdict".
    var completeText: String {
        "study complete: all \(cases.count) film\(cases.count == 1 ? " has" : "s have") your verdict"
    }

    /// The first key bound to the action that records `verdict`, as the help names it.
    static func keyName(for verdict: Verdict) -> String {
        let action: Action = verdict == .agree ? .agree : verdict == .disagree ? .disagree : .deferVerdict
        return KeyBindings.table.first { $0.action == action }?.keys.first?.label ?? verdict.rawValue
    }

    mutating func undo(at time: UTCTimestamp) -> [Effect] {
        guard let last = undoStack.popLast() else {
            notice = .info("nothing to undo in this session")
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
        notice = .saving("undid \(last.reviewerStatement ?? last.verdict.rawValue) on \(fileName(last.caseID.relativePath))", path: last.caseID.relativePath)
        return effects
    }

    mutating func addNote(_ text: String, path: String, at time: UTCTimestamp) -> [Effect] {
        guard !text.isEmpty else {
            notice = .info("empty note not added")
            return []
        }
        guard let index = indexByPath[path], var record = standing(cases[index]) else {
            notice = .info("the verdict this note was for was undone; note not added")
            return []
        }
        record.timestamp = time
        record.verdict = .note
        record.note = text
        record.caseID = cases[index].id
        stand(record)
        notice = .saving("note on \(cases[index].fileName)", path: cases[index].id.relativePath)
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
        if notice?.save == .saving(path: saved.caseID.relativePath) {
            notice?.save = .saved
        } else {
            notice = .info("saved: \(saved.reviewerStatement ?? saved.verdict.rawValue) on \(fileName(saved.caseID.relativePath))")
        }
    }

    mutating func verdictFailed(_ record: FeedbackRecord, reason: String) {
        pending.removeAll { Self.sameWrite($0, record) }
        records.removeAll { Self.sameWrite($0, record) }
        undoStack.removeAll { Self.sameWrite($0, record) }
        rebuildVerdicts()
        notice = .error("NOT saved (\(record.reviewerStatement ?? record.verdict.rawValue) on \(fileName(record.caseID.relativePath))): \(reason)")
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
        if reviewedCount < cases.count { appendToNotice(" · every listed film has a verdict") }
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
