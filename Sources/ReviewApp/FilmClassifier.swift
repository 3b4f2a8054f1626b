import Classifier
import Foundation
import Imaging
import Synchronization
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
    /// Adapts the model to a study without labels (re-estimated batch-norm statistics on
    /// `images`, at least 2) and scores with the adapted model from now on, under a new
    /// `modelID` that contains `tag`. Returns the films used and the adapted model for the
    /// explainer (nil when there is no network to share).
    func adaptToStudy(_ images: [GrayImage], tag: String) throws -> (model: PneumoniaModel?, films: Int)
}

extension FilmClassifier {
    /// Models without batch-norm statistics cannot be adapted.
    public func adaptToStudy(_ images: [GrayImage], tag: String) throws -> (model: PneumoniaModel?, films: Int) {
        throw CommandFailure("this model cannot be adapted to a study")
    }
}

/// The pneumonia CNN as the review's classifier; calls are serialised because the network
/// owns its activation buffers.
public final class PneumoniaFilmClassifier: FilmClassifier, @unchecked Sendable {  // `model` only used under `lock`
    private var model: PneumoniaModel
    private let lock = NSLock()
    public let threshold: Double
    public let inputSize: (width: Int, height: Int)

    public init(_ model: PneumoniaModel) {
        self.model = model
        id = Mutex(model.id)
        threshold = model.threshold
        inputSize = (model.preprocessing.inputSize, model.preprocessing.inputSize)
    }

    /// Kept apart from `lock`, which a scoring batch holds: reading the id never waits for it.
    private let id: Mutex<String>

    public var modelID: String { id.withLock { $0 } }

    /// Replaces the model by a copy whose batch-norm statistics are re-estimated on `images`
    /// (label-free study adaptation) and whose id says so (`BASE-study-bnN-TAG`); returns
    /// that copy (for the explainer) and the number of films used.
    public func adaptToStudy(_ images: [GrayImage], tag: String) throws -> (model: PneumoniaModel?, films: Int) {
        guard images.count >= 2 else { throw CommandFailure("need at least 2 readable films, have \(images.count)") }
        lock.lock()
        let base = model
        lock.unlock()
        let adapted = base.copy()
        let films = adapted.adaptBatchNormalisation(to: images)
        adapted.card["model_id"] = "\(base.id)-study-bn\(films)-\(tag)"
        lock.lock()
        model = adapted
        id.withLock { $0 = adapted.id }
        lock.unlock()
        return (adapted.copy(), films)
    }

    public func probabilities(of images: [GrayImage]) throws -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        return model.probabilities(images: images)
    }
}
