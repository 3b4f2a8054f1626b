import CellGrid
import Imaging
import Testing
@testable import ReviewCore
import Feedback

/// A DICOM-like header for the selected film.
private func header(uid: String = "2.25.42") -> FilmMetadata {
    var m = FilmMetadata()
    m.patientID = "PID-77"
    m.studyDate = "20240131"
    m.modality = "DX"
    m.viewPosition = "PA"
    m.bodyPart = "CHEST"
    m.sopInstanceUID = uid
    m.encoding = "DICOM JPEG 2000"
    m.frames = 2
    m.windowPresets = [WindowPreset(center: 2048, width: 4096), WindowPreset(center: 1000, width: 500)]
    m.windowSource = "window 2048/4096"
    return m
}

/// A study whose first film is a decoded DICOM film with its header and modality values.
private func dicomState(width: Int, height: Int) -> AppState {
    var state = makeState(count: 6, model: "cnn-demo", width: width, height: height)
    _ = state.start()
    state.settle(scores: [0.2, 0.7, 0.4, 0.9, 0.1, 0.6])
    let path = state.film!.path
    _ = state.update(.described([path: header()]))
    let values = GrayImage(width: 32, height: 32, pixels: (0..<1024).map { Float($0 * 4) })
    _ = state.update(.modalityValues(path: path, image: values))
    _ = state.update(.imageLoaded(path: path, image: VOIWindow.linear(center: 2048, width: 4096).apply(to: values, invert: false)))
    return state
}

@Suite("Film header on screen")
struct FilmInfoTests {
    @Test("a DICOM film shows its header over the film at 80x24 and 160x50")
    func snapshots() throws {
        try expectSnapshot(dicomState(width: 80, height: 24).view(), named: "dicom-info-80x24")
        try expectSnapshot(dicomState(width: 160, height: 50).view(), named: "dicom-info-160x50")
    }

    @Test("P hides the patient ID and date (and --anonymise starts hidden); I hides the line")
    func anonymise() {
        var state = dicomState(width: 160, height: 50)
        #expect(state.filmInfoText?.contains("PID-77") == true)
        #expect(state.filmInfoText?.contains("frame 1 of 2") == true)
        state.press(.character("P"))
        let hidden = state.filmInfoText ?? ""
        #expect(!hidden.contains("PID-77") && !hidden.contains("20240131") && hidden.contains("DX PA CHEST"))
        #expect(!state.view().debugText.contains("PID-77"))
        state.press(.character("I"))
        #expect(state.filmInfoText == nil)
        var started = dicomState(width: 80, height: 24)
        started.anonymised = true
        #expect(started.filmInfoText?.contains("PID-77") == false)
    }

    @Test("w cycles the header's presets, re-windowing the modality values; moving on resets it")
    func presets() {
        var state = dicomState(width: 80, height: 24)
        let before = state.filmGreys
        state.press(.character("w"))
        #expect(state.filmView.windowPreset == 1)
        #expect(state.message == "window preset 2/2: 1000/500")
        let after = state.filmGreys!
        #expect(after != before)
        // Preset 2 is 1000/500: value 1000 (pixel 250) sits mid-grey, 2048 is white.
        #expect(abs(after.pixels[250] - 255 * ((1000 - 999.5) / 499 + 0.5)) < 0.01)
        #expect(after.pixels[512] == 255)
        state.press(.character("w"))
        #expect(state.filmView.windowPreset == 0)
        state.press(.character("j"))
        #expect(state.filmView.windowPreset == nil)
        state.press(.character("w"))
        #expect(state.message == "this film has no other window preset")
    }

    @Test("a UID stands for a film only while its SHA-256 is unknown, never for other bytes, never when two images share it")
    func matchesByUID() {
        let record = FeedbackRecord(timestamp: time(), reviewer: "ana",
                                    caseID: CaseID(relativePath: "old/IM1", sha256: sha(99), sopInstanceUID: "2.25.42"),
                                    modelID: "cnn-demo", probability: 0.7, threshold: 0.5, predictedLabel: .pneumonia,
                                    verdict: .agree)
        let verdicts = StandingVerdicts([record])
        // SHA-256 not known yet (the film is still being hashed): its UID finds the verdict.
        #expect(verdicts.standing(for: CaseID(relativePath: "new/IM1", sopInstanceUID: "2.25.42"), reviewer: "ana")?.verdict == .agree)
        #expect(verdicts.standing(for: CaseID(relativePath: "new/IM1", sopInstanceUID: "2.25.42")).count == 1)
        // Other bytes, same UID: another film, which inherits nothing.
        #expect(verdicts.standing(for: CaseID(relativePath: "x", sha256: sha(5), sopInstanceUID: "2.25.42"), reviewer: "ana") == nil)
        #expect(verdicts.standing(for: CaseID(relativePath: "x", sha256: sha(5), sopInstanceUID: "2.25.42")).isEmpty)
        // By SHA-256 as before, whatever the UID.
        #expect(verdicts.standing(for: CaseID(relativePath: "x", sha256: sha(99)), reviewer: "ana") != nil)

        // In the review: an unseen film with the same UID reads unreviewed (not "you: PNEUMONIA").
        var state = makeState(count: 6, model: "cnn-demo")
        state.settle(scores: [0.2, 0.7, 0.4, 0.9, 0.1, 0.6], records: [record])
        _ = state.update(.described([state.cases[2].id.relativePath: header(uid: "2.25.42")]))
        #expect(state.reviewedCount == 0)
        #expect(state.standing(state.cases[2]) == nil)

        // Two images that share a UID: ambiguous, so the UID alone finds neither.
        var second = record
        second.caseID = CaseID(relativePath: "old/IM2", sha256: sha(98), sopInstanceUID: "2.25.42")
        second.verdict = .disagree
        let both = StandingVerdicts([record, second])
        #expect(both.count == 2)
        #expect(both.standing(for: CaseID(relativePath: "y", sopInstanceUID: "2.25.42"), reviewer: "ana") == nil)
        #expect(both.standing(for: CaseID(relativePath: "y", sha256: sha(98), sopInstanceUID: "2.25.42"), reviewer: "ana")?.verdict == .disagree)
    }
}
