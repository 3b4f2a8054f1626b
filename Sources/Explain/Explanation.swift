/// The result of one LIME run: a local linear surrogate over superpixels being on (1) or off (0).
///
/// score(z) ≈ intercept + Σ weights[s] * z[s], fitted by kernel-weighted ridge regression; the
/// score is whatever the classifier closure returned (for the pneumonia model: the calibrated
/// log-odds of PNEUMONIA, so weights are in log-odds units).
public struct Explanation: Sendable, Equatable {
    /// Surrogate coefficient per superpixel, indexed by segment label; > 0 argues for PNEUMONIA.
    public var weights: [Double]
    /// Surrogate intercept: the predicted score with every superpixel switched off.
    public var intercept: Double
    /// Kernel-weighted R² of the surrogate on the samples, in (-inf, 1]; nil when the scores were constant.
    public var r2: Double?
    /// Classifier score of the unperturbed image (sample row 0).
    public var score: Double
    /// Calibrated P(PNEUMONIA) of the unperturbed image, when the classifier is a probability model.
    public var probability: Double?
    /// Number of perturbed samples classified, row 0 included.
    public var samples: Int
    /// The seed the random source was created from, when known.
    public var seed: UInt64?

    /// Creates an explanation from its parts.
    public init(weights: [Double], intercept: Double, r2: Double?, score: Double, probability: Double? = nil,
                samples: Int, seed: UInt64? = nil) {
        self.weights = weights; self.intercept = intercept; self.r2 = r2; self.score = score
        self.probability = probability; self.samples = samples; self.seed = seed
    }

    /// Segment labels of the `k` largest positive weights (toward PNEUMONIA), largest first; ties by label.
    public func topSupporting(_ k: Int) -> [Int] {
        ranked { $0 }.filter { weights[$0] > 0 }.prefix(k).map { $0 }
    }

    /// Segment labels of the `k` most negative weights (against PNEUMONIA), most negative first.
    public func topOpposing(_ k: Int) -> [Int] {
        ranked { -$0 }.filter { weights[$0] < 0 }.prefix(k).map { $0 }
    }

    /// Segment labels of the `k` largest |weight|, largest first; ties by label.
    public func topByMagnitude(_ k: Int) -> [Int] {
        Array(ranked { abs($0) }.prefix(k))
    }

    private func ranked(_ key: (Double) -> Double) -> [Int] {
        weights.indices.sorted { a, b in
            let ka = key(weights[a]), kb = key(weights[b])
            return ka != kb ? ka > kb : a < b
        }
    }
}
