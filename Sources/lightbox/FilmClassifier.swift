import Classifier
import Foundation
import Imaging

/// What the review needs from a model: an identity for the log, an operating threshold, the
/// input size (so films are decoded at the smallest JPEG scale that covers it), and batched
/// probabilities. The review runs it on a background queue, one batch at a time.
protocol FilmClassifier: Sendable {
    /// Identifies the model in the feedback log (for example file name and a short hash).
    var modelID: String { get }
    /// Probability at or above which the film is called pneumonia, in 0...1.
    var threshold: Double { get }
    /// Pixels the model looks at; films are decoded at least this large (aspect kept).
    var inputSize: (width: Int, height: Int) { get }
    /// Probability of pneumonia in 0...1 for each film (greys 0...255, any size), in order.
    func probabilities(of images: [GrayImage]) throws -> [Double]
}

extension FilmClassifier {
    /// Probability of pneumonia in 0...1 for one film.
    func probability(of image: GrayImage) throws -> Double {
        try probabilities(of: [image])[0]
    }
}

/// The pneumonia CNN as the review's classifier; calls are serialised because the network
/// owns its activation buffers.
final class PneumoniaFilmClassifier: FilmClassifier, @unchecked Sendable {  // `model` only used under `lock`
    private let model: PneumoniaModel
    private let lock = NSLock()
    let modelID: String
    let threshold: Double
    let inputSize: (width: Int, height: Int)

    init(_ model: PneumoniaModel) {
        self.model = model
        modelID = model.id
        threshold = model.threshold
        inputSize = (model.preprocessing.inputSize, model.preprocessing.inputSize)
    }

    func probabilities(of images: [GrayImage]) throws -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        return model.probabilities(images: images)
    }
}
