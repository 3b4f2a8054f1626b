import CellGrid
import Classifier
import Foundation
import Imaging
import ReviewCore
import Workflows

/// What the review's overlay needs from an explainer: the model's identity (the cache key),
/// the input size films are decoded at, and the overlay of one film. Run on one background queue.
public protocol FilmExplainer: Sendable {
    /// The explained model's identifier; explanations are cached per (film, model).
    var modelID: String { get }
    /// Pixels the model looks at; films are decoded at least this large (aspect kept).
    var inputSize: (width: Int, height: Int) { get }
    /// The overlay for one film (greys 0...255, any size); `progress(done, total)` reports samples classified.
    func overlay(of film: GrayImage, progress: @escaping (Int, Int) -> Void) throws -> LIMEOverlay
    /// Explains `model` from now on (after a study adaptation); takes it as its own.
    func replaceModel(_ model: PneumoniaModel)
}

extension FilmExplainer {
    /// Explainers without a model of their own keep explaining as before.
    public func replaceModel(_ model: PneumoniaModel) {}
}

/// LIME over SLIC superpixels with `lightbox explain`'s defaults, on its own copy of the model
/// (the network owns its activation buffers, so it must not share the classifier's).
public final class LIMEFilmExplainer: FilmExplainer {
    private let model: GuardedModel

    /// Takes `model` as its own: pass a copy (`PneumoniaModel.copy()`) when another thread scores with it.
    public init(_ model: PneumoniaModel) { self.model = GuardedModel(model) }

    /// Read apart from a running explanation: the UI thread reads the id for the overlay cache
    /// and must not wait for LIME.
    public var modelID: String { model.id }
    public var inputSize: (width: Int, height: Int) { model.inputSize }

    public func replaceModel(_ model: PneumoniaModel) { self.model.replace(model) }

    public func overlay(of film: GrayImage, progress: @escaping (Int, Int) -> Void) throws -> LIMEOverlay {
        try model.withModel { model in
            let (input, segmentation) = LIMERecipe.segment(film: film, model: model)
            let explanation = try LIMERecipe.explain(input: input, segmentation: segmentation, model: model) { stage in
                if case .classified(let done, let total) = stage { progress(done, total) }
            }
            let tint = LIMERecipe.strengthMask(explanation, segmentation: segmentation)
            let mask = TintMask(width: segmentation.width, height: segmentation.height, values: tint.signs, strengths: tint.strengths)
            return LIMEOverlay(mask: mask, samples: explanation.samples, largestWeight: tint.largest)
        }
    }
}
