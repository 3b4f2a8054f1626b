import Testing
@testable import ReviewCore
import Feedback

@Test("a on a scored film records agree with the prediction and moves to the next unreviewed film")
func agreeRecordsAndAdvances() {
    var state = makeState(count: 4, model: "cnn-1")
    _ = state.start()
    state.settle(scores: [0.9, 0.2, 0.7, 0.1])
    let effects = state.press(.character("a"), from: 10)
    let expected = FeedbackRecord(
        timestamp: time(10), reviewer: "ana", caseID: CaseID(relativePath: "a/film00.jpeg", sha256: sha(1)),
        modelID: "cnn-1", probability: 0.9, threshold: 0.5, predictedLabel: .pneumonia, verdict: .agree,
        reviewerLabel: .pneumonia)
    #expect(verdictEffects(effects) == [expected])
    #expect(effects.first == .appendVerdict(expected))
    #expect(state.cursor == 1)
    #expect(state.standing(state.cases[0])?.verdict == .agree)
    #expect(state.isPending(path: "a/film00.jpeg"))
    #expect(state.reviewedCount == 1)
}

@Test("x records disagree with the other label and skips films already reviewed")
func disagreeSkipsReviewed() {
    var state = makeState(count: 4, model: "cnn-1")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1])
    state.press(.character("j"))
    state.press(.character("a"))          // film 1 agreed, cursor -> 2
    state.press(.character("g"))          // back to film 0
    let effects = state.press(.character("x"))
    let records = verdictEffects(effects)
    #expect(records.count == 1)
    #expect(records[0].verdict == .disagree)
    #expect(records[0].predictedLabel == .pneumonia)
    #expect(records[0].reviewerLabel == .normal)
    #expect(records[0].labelForTraining == .normal)
    #expect(state.cursor == 2)            // film 1 is reviewed, so it is skipped
}

@Test("without a model a verdict is recorded with model none, no probability and no label")
func verdictWithoutModel() {
    var state = makeState(count: 3)
    state.settle()
    let records = verdictEffects(state.press(.character("a")))
    #expect(records.count == 1)
    #expect(records[0].modelID == "none")
    #expect(records[0].probability.isNaN)
    #expect(records[0].predictedLabel == nil)
    #expect(records[0].reviewerLabel == nil)
    #expect(records[0] == records[0])     // NaN probabilities still compare equal
}

@Test("with a model, a film not yet scored cannot be judged")
func verdictNeedsScore() {
    var state = makeState(count: 3, model: "cnn-1")
    state.settle()
    #expect(state.press(.character("a")).isEmpty)
    #expect(state.message == "the model has not scored this film yet; a moment, please")
    #expect(state.reviewedCount == 0)
}

@Test("verdicts wait until the log is read")
func verdictNeedsLog() {
    var state = makeState(count: 3)
    #expect(state.press(.character("a")).isEmpty)
    #expect(state.message?.contains("still being read") == true)
}

@Test("u appends a retract for the last verdict, returns to that film and restores the verdict before")
func undoAppendsRetract() {
    var state = makeState(count: 4, model: "cnn-1")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1])
    state.press(.character("a"), from: 1)            // film 0 agree
    state.press(.character("g"), from: 2)
    state.press(.character("x"), .character("x"), from: 3)   // film 0 changed to disagree (x twice)
    #expect(state.standing(state.cases[0])?.verdict == .disagree)
    state.press(.character("j"), from: 5)
    let effects = state.press(.character("u"), from: 6)
    let records = verdictEffects(effects)
    #expect(records.count == 1)
    #expect(records[0].verdict == .retract)
    #expect(records[0].caseID == state.cases[0].id)
    #expect(records[0].timestamp == time(6))
    #expect(records[0].reviewerLabel == nil)
    #expect(state.cursor == 0)
    #expect(state.standing(state.cases[0])?.verdict == .agree)
    state.press(.character("u"), from: 7)
    #expect(state.standing(state.cases[0]) == nil)
    #expect(state.press(.character("u")).isEmpty)
    #expect(state.message == "nothing to undo in this session")
}

@Test("a saved verdict stops being pending and takes the SHA-256 the writer filled in")
func savedVerdict() {
    var state = makeState(count: 3)
    _ = state.update(.logLoaded(records: [], warnings: []))
    let sent = verdictEffects(state.press(.character("a")))[0]
    #expect(sent.caseID.sha256 == nil)
    var saved = sent
    saved.caseID.sha256 = sha(42)
    _ = state.update(.verdictSaved(saved))
    #expect(state.pending.isEmpty)
    #expect(state.cases[0].id.sha256 == sha(42))
    #expect(state.standing(state.cases[0]) == saved)
    #expect(state.message == "agree on film00.jpeg — saved")   // no model: no label to name
    // Undo now retracts the hashed record.
    #expect(verdictEffects(state.press(.character("u")))[0].caseID.sha256 == sha(42))
}

@Test("a verdict the log refused does not stand and the message says NOT saved")
func failedVerdict() {
    var state = makeState(count: 3)
    state.settle()
    let sent = verdictEffects(state.press(.character("x")))[0]
    _ = state.update(.verdictFailed(sent, reason: "disk full"))
    #expect(state.standing(state.cases[0]) == nil)
    #expect(state.pending.isEmpty)
    #expect(state.undoStack.isEmpty)
    #expect(state.message == "NOT saved (disagree on film00.jpeg): disk full")
}

@Test("reopening restores standing verdicts by SHA-256, also for a renamed film")
func restoreBySHA() {
    let old = FeedbackRecord(
        timestamp: time(), reviewer: "ana", caseID: CaseID(relativePath: "old/name.jpeg", sha256: sha(2)),
        modelID: "cnn-1", probability: 0.2, threshold: 0.5, predictedLabel: .normal, verdict: .disagree,
        reviewerLabel: .pneumonia)
    let otherReviewer = FeedbackRecord(
        timestamp: time(), reviewer: "bo", caseID: CaseID(relativePath: "a/film00.jpeg", sha256: sha(1)),
        modelID: "cnn-1", probability: 0.2, threshold: 0.5, predictedLabel: .normal, verdict: .agree)
    var state = makeState(count: 3)
    _ = state.update(.logLoaded(records: [old, otherReviewer], warnings: ["line 9: torn"]))
    #expect(state.reviewedCount == 0)       // not hashed yet: nothing matches
    #expect(state.message == "log: line 9: torn")
    state.settle(records: [])
    #expect(state.standing(state.cases[1])?.verdict == .disagree)   // b/film01 has sha(2)
    #expect(state.standing(state.cases[0]) == nil)                  // bo's verdict is not ana's
    #expect(state.reviewedCount == 1)
}

@Test("n types a note for the standing verdict; Enter records it, Esc cancels")
func notes() {
    var state = makeState(count: 3)
    state.settle()
    #expect(state.press(.character("n")).isEmpty)
    #expect(state.message?.contains("press a or x first") == true)
    state.press(.character("a"), .character("k"), .character("n"))
    #expect(state.mode == .noteInput(path: "a/film00.jpeg", text: ""))
    state.type("rib fx?")
    state.press(.backspace)
    let records = verdictEffects(state.press(.enter, from: 20))
    #expect(records.count == 1)
    #expect(records[0].verdict == .note)
    #expect(records[0].note == "rib fx")
    #expect(records[0].timestamp == time(20))
    #expect(state.standing(state.cases[0])?.note == "rib fx")
    #expect(state.standing(state.cases[0])?.verdict == .agree)
    state.press(.character("n"))
    state.type("q")                        // typed text, not quit
    #expect(state.press(.escape).isEmpty)
    #expect(state.mode == .browsing)
    #expect(state.message == "note cancelled")
}

@Test("the saving notice is a typed pending write: its own film's confirmation turns it to saved, words after it kept")
func savingNoticeIsTyped() {
    var state = makeState(count: 1)
    _ = state.update(.logLoaded(records: [], warnings: []))
    let sent = verdictEffects(state.press(.character("a")))[0]
    #expect(state.notice?.save == .saving(path: state.cases[0].id.relativePath))
    #expect(state.message == "agree on film00.jpeg — saving… · study complete: all 1 film has your verdict")
    _ = state.update(.verdictSaved(sent))
    #expect(state.notice?.save == .saved)
    #expect(state.message == "agree on film00.jpeg — saved · study complete: all 1 film has your verdict")
}
