import Dispatch
import Feedback
import Imaging
import NeuralNet
import Numerics

/// The pneumonia classifier: a CNN on one preprocessed grey channel, producing one logit,
/// calibrated to P(PNEUMONIA) and compared with an operating threshold.
///
/// Not thread-safe for concurrent inference (the network owns its activation buffers): give
/// each thread its own copy (`copy()`), or serialise calls.
public final class PneumoniaModel: @unchecked Sendable {
    /// The network; input (B, 1, S, S), output (B, 1) logits.
    public let network: Network
    /// The preprocessing applied before the network, identical in training and inference.
    public let preprocessing: Preprocessing
    /// Logit-to-probability mapping.
    public var calibration: Calibration
    /// Operating threshold on the calibrated probability: at or above it predicts PNEUMONIA.
    public var threshold: Double
    /// Everything else in the card.
    public var card: ModelCard
    /// Test-time augmentation views averaged in logit space (identity first).
    public var views: [AffineTransform]

    /// Images per forward pass: large enough for efficient sgemm, small enough for cache.
    public static let batchSize = 64

    public init(network: Network, preprocessing: Preprocessing, calibration: Calibration,
                threshold: Double, card: ModelCard, views: [AffineTransform] = [.identity]) {
        self.network = network
        self.preprocessing = preprocessing
        self.calibration = calibration
        self.threshold = threshold
        self.card = card
        self.views = views.isEmpty ? [.identity] : views
    }

    /// A short identifier: the card's name and a hash of the weights.
    public var id: String { card["model_id"] ?? "unnamed" }

    /// Raw network logits for model inputs already preprocessed, (n, S*S) floats row-major.
    ///
    /// Runs in batches of `batchSize`; `progress` is called with the number done so far.
    public func logits(preprocessed inputs: [Float], count: Int, progress: ((Int) -> Void)? = nil) -> [Double] {
        let per = preprocessing.pixelCount
        precondition(inputs.count == count * per, "logits: expected \(count) inputs of \(per) floats")
        var out: [Double] = []
        out.reserveCapacity(count)
        var rng = SplitMix64(seed: 0) // inference uses no randomness; the API wants a source.
        var start = 0
        while start < count {
            let n = min(Self.batchSize, count - start)
            let batch = Tensor(shape: [n, 1, preprocessing.inputSize, preprocessing.inputSize],
                               storage: Array(inputs[(start * per)..<((start + n) * per)]))
            let y = network.forward(batch, training: false, rng: &rng)
            for v in y.storage { out.append(Double(v)) }
            start += n
            progress?(start)
        }
        return out
    }

    /// Raw logits for grey films of any size, averaged over the test-time views (`viewInputs`,
    /// then `logits(viewInputs:films:)`, `batchSize` films at a time); `progress` gets the
    /// number of films done.
    public func logits(images: [GrayImage], progress: ((Int) -> Void)? = nil) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(images.count)
        var start = 0
        while start < images.count {
            let chunk = Array(images[start..<min(images.count, start + Self.batchSize)])
            out += logits(viewInputs: viewInputs(chunk), films: chunk.count)
            start += chunk.count
            progress?(start)
        }
        return out
    }

    /// Calibrated P(PNEUMONIA) for each film.
    public func probabilities(images: [GrayImage], progress: ((Int) -> Void)? = nil) -> [Double] {
        logits(images: images, progress: progress).map { calibration.probability(logit: $0) }
    }

    /// The label predicted for a calibrated probability at this model's threshold.
    public func predictedLabel(_ probability: Double) -> ClassLabel {
        ClassLabel(probability: probability, threshold: threshold)
    }

    /// A deep copy with its own activation buffers, for use on another thread.
    public func copy() -> PneumoniaModel {
        // Rebuilding from bytes keeps one code path for weights, buffers and card.
        // swiftlint:disable:next force_try
        try! PneumoniaModel(safetensors: safetensorsBytes())
    }
}
