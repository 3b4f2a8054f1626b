import Foundation
import Feedback
import ReviewCore
import Storage
import Testing
import ReviewApp
import TestSupport

/// Issue 22: the review aborted while scoring a study holding a JPEG 2000 film that crashes
/// OpenJPEG. Now that film fails with its reason and the others are scored and shown.
@Suite("A hostile DICOM film in the review", .serialized)
struct HostileDICOMReviewTests {
    @Test("scoring on open scores the good films and names the bad one; showing it gives the reason")
    func scoredAroundTheBadFilm() throws {
        let study = try StudyFixture.make(count: 2, size: 64)
        defer { try? FileManager.default.removeItem(atPath: study) }
        var options = DICOMCodec.WriteOptions()
        options.syntax = .jpeg2000Lossless
        options.bitsStored = 12
        let film = try DICOMCodec.encode(samples: (0..<(64 * 64)).map { UInt16($0 % 4096) }, width: 64, height: 64, options: options)
        let bad = try #require(DICOMMutation.settingColumns(film, to: 1))
        try Data(bad).write(to: URL(fileURLWithPath: study + "/bad.dcm"))
        let scan = try StudyScanner.scan(root: study)
        #expect(scan.cases.count == 3)
        let inbox = Inbox(wake: {})
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: MeanGreyClassifier(), hashes: HashCache())
        runner.run(.classify(scan.cases.map { CaseID(relativePath: $0.relativePath) }))
        var failed: [String: String] = [:]
        var scored: Set<String> = []
        for message in collect(inbox, count: 2) {
            switch message {
            case .predictionFailed(let path, let reason): failed[path] = reason
            case .predicted(let scores): scored.formUnion(scores.keys)
            default: break
            }
        }
        #expect(failed == ["bad.dcm": "DICOM: JPEG 2000 codestream is 64x64 but the header says Columns 1, Rows 64"])
        #expect(scored.count == 2 && !scored.contains("bad.dcm"))
        runner.run(.loadImage(CaseID(relativePath: "bad.dcm"), minWidth: 30, minHeight: 30))
        guard case .imageFailed(let path, let reason) = try #require(collect(inbox, count: 1).first) else {
            Issue.record("expected .imageFailed")
            return
        }
        #expect(path == "bad.dcm" && reason == "DICOM: JPEG 2000 codestream is 64x64 but the header says Columns 1, Rows 64")
    }
}
