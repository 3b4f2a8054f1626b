import Classifier
import Foundation
import Imaging
import Workflows

/// What the review needs from a model: an identity for the log, an operating threshold, the
/// input size (so films are decoded at the smallest JPEG scale that covers it), and batched
/// probabilities. The review runs it on a background queue, one batch at a time.
public protocol FilmClassifier: Sendable {
    /// Identifies the model in the feedback log (for example file name and a short hash).
    var modelID: String { get }
    /// Probability at or above which the film is called pneumonia, in 0...1.
    var threshold: Double { get }
    /// Pixels the model looks at; films are decoded at least this large (aspect kept).
    var inputSize: (width: Int, height: Int) { get }
    /// Probability of pneumonia in 0...1 for each film (greys 0...255, any size), in order.
    func probabilities(of images: [GrayImage]) throws -> [Double]
    /// Scores with `model` from now on (an adapted model, or the model as given again),
    /// under its id and threshold.
    func use(_ model: PneumoniaModel) throws
}

extension FilmClassifier {
    /// Classifiers that are not the pneumonia CNN cannot change model.
    public func use(_ model: PneumoniaModel) throws {
        throw CommandFailure("this classifier cannot change model")
    }
}

/// The pneumonia CNN as the review's classifier; calls are serialised because the network
/// owns its activation buffers.
public final class PneumoniaFilmClassifier: FilmClassifier {
    private let model: GuardedModel

    public init(_ model: PneumoniaModel) { self.model = GuardedModel(model) }

    public var modelID: String { model.id }
    public var threshold: Double { model.threshold }
    public var inputSize: (width: Int, height: Int) { model.inputSize }

    /// Scores with `model` (taken as its own) from the next batch on.
    public func use(_ model: PneumoniaModel) { self.model.replace(model) }

    public func probabilities(of images: [GrayImage]) throws -> [Double] {
        model.withModel { $0.probabilities(images: images) }
    }
}
