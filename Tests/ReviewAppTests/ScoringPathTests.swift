import Classifier
import Feedback
import Foundation
import Storage
import Testing
import ReviewApp
import TestSupport
import Workflows

@Suite("one scoring path")
struct ScoringPathTests {
    @Test("the review and predict give the same probability for the same film, with the shipped model's test-time views")
    func reviewEqualsPredict() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Assets/Models/lightbox-pneumonia-cnn.safetensors")
        let model = try PneumoniaModel(safetensors: [UInt8](try Data(contentsOf: url)))
        #expect(model.views.count > 1, "the shipped model averages several views")
        // 600-pixel films: the JPEG decoder halves them, the model resizes them to its input.
        let study = try StudyFixture.make(count: 3, size: 600)
        defer { try? FileManager.default.removeItem(atPath: study) }

        // The review: the effect runner decodes and scores a batch.
        let scan = try StudyScanner.scan(root: study)
        let inbox = Inbox(wake: {})
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: PneumoniaFilmClassifier(model.copy()), hashes: HashCache())
        runner.run(.classify(scan.cases.map { CaseID(relativePath: $0.relativePath) }))
        let messages = collect(inbox, count: 1)
        guard case .predicted(let review) = try #require(messages.first) else {
            Issue.record("expected .predicted, got \(messages)")
            return
        }

        // predict: the pipeline over the same folder.
        let size = model.preprocessing.inputSize
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let cases = loader.scan([study])
        var predict: [String: Double] = [:]
        PredictPipeline.run(cases, loader: &loader, model: model, checksums: false) { batch in
            for (film, p) in zip(batch.films, batch.probabilities) { predict[film.relativePath] = p }
        }
        #expect(review.count == 3)
        #expect(review == predict)
        #expect(Set(review.values).count == 3, "three films, three probabilities")
    }
}
