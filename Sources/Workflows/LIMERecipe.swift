import Classifier
import Explain
import Imaging

/// The LIME settings and steps `lightbox explain` uses, shared with the review's overlay so
/// both show the same explanation of a film.
public enum LIMERecipe {
    /// Perturbed samples, the original included.
    public static let samples = 1000
    /// Wanted number of SLIC superpixels.
    public static let segments = 50
    /// SLIC compactness.
    public static let compactness = 10.0
    /// SLIC iterations.
    public static let iterations = 10
    /// Seed of the sampler.
    public static let seed: UInt64 = 1
    /// Superpixels marked on each side.
    public static let top = 5

    /// The model input (the film resized to the model's S x S) and its SLIC superpixels.
    public static func segment(film: GrayImage, model: PneumoniaModel, segments: Int = segments,
                        compactness: Double = compactness) -> (input: GrayImage, segmentation: Segmentation) {
        let input = LIME.modelInput(film: film, model: model)
        return (input, SLIC.segment(image: input, segments: segments, compactness: compactness, iterations: iterations))
    }

    /// One explanation of `input` regressed on `model`'s calibrated log-odds, with the probability filled in.
    public static func explain(input: GrayImage, segmentation: Segmentation, model: PneumoniaModel, samples: Int = samples,
                        seed: UInt64 = seed, progress: ((LIMEProgress) -> Void)? = nil) throws(ExplainError) -> Explanation {
        var e = try LIME.explain(image: input, segmentation: segmentation, options: LIME.options(for: model, samples: samples),
                                 seed: seed, classify: LIME.calibratedLogOdds(model), progress: progress)
        e.probability = Explanation.probability(logOdds: e.score)
        return e
    }

    /// Per pixel of the segmentation: +1 on the `top` superpixels toward PNEUMONIA, -1 on the
    /// `top` against, 0 elsewhere (row-major, the segmentation's size).
    public static func signMask(_ explanation: Explanation, segmentation: Segmentation, top: Int = top) -> [Int8] {
        var sign = [Int8](repeating: 0, count: segmentation.count)
        for s in explanation.topSupporting(top) { sign[s] = 1 }
        for s in explanation.topOpposing(top) { sign[s] = -1 }
        return segmentation.labels.map { sign[Int($0)] }
    }

    /// `signMask` with each tinted superpixel's strength: |its weight| over the largest |weight|
    /// among the tinted superpixels of this film, 0...255 (at least 1 where tinted); and that
    /// largest |weight| (log-odds with the default target), 0 when nothing is tinted.
    public static func strengthMask(_ explanation: Explanation, segmentation: Segmentation, top: Int = top)
        -> (signs: [Int8], strengths: [UInt8], largest: Double) {
        let tinted = explanation.topSupporting(top) + explanation.topOpposing(top)
        let largest = tinted.map { abs(explanation.weights[$0]) }.max() ?? 0
        var strength = [UInt8](repeating: 0, count: segmentation.count)
        if largest > 0 {
            for s in tinted { strength[s] = UInt8(max(1, min(255, (abs(explanation.weights[s]) / largest * 255).rounded()))) }
        }
        let signs = signMask(explanation, segmentation: segmentation, top: top)
        return (signs, segmentation.labels.map { strength[Int($0)] }, largest)
    }
}
