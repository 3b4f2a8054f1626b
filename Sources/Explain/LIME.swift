import Imaging
import Numerics

/// Settings of one LIME run.
public struct LIMEOptions: Sendable, Equatable {
    /// Samples classified, row 0 (the original) included; lime's default is 1,000.
    public var samples: Int = 1000
    /// Kernel width on the cosine distance (lime_image: 0.25).
    public var kernelWidth: Double = 0.25
    /// Ridge penalty on the superpixel weights (lime: 1); the intercept is not penalised.
    public var ridge: Double = 1
    /// Images per classifier call: one reused buffer of this many inputs.
    public var batchSize: Int = 64
    /// Antithetic sampling: every random mask is followed by its complement.
    public var paired: Bool = true
    /// What a switched-off superpixel shows.
    public var fill: LIMESampler.Fill = .segmentMean
    /// Standardise each masked sample (the pneumonia model's per-image standardisation) with this epsilon.
    public var standardizeEpsilon: Float? = nil

    /// Default options (lime's settings, paired sampling, mean fill, no standardisation).
    public init() {}
}

/// Where a LIME run is, reported through `explain`'s `progress` hook (for timing and progress bars).
public enum LIMEProgress: Sendable, Equatable {
    /// The on/off design has been drawn.
    case sampled
    /// `done` of `total` samples have been masked and classified.
    case classified(done: Int, total: Int)
    /// The surrogate has been fitted; the explanation is about to be returned.
    case fitted
}

/// LIME (Ribeiro et al. 2016) over superpixels: sample masks, classify the masked images in
/// batches, weight samples by closeness to the original, fit a weighted ridge surrogate.
public enum LIME {
    /// Explains `classify` around `image`.
    ///
    /// - Parameters:
    ///   - image: the image at the segmentation's size, in its own units (e.g. the resized film).
    ///   - classify: scores for `count` images packed as (count, width*height) floats; called
    ///     with at most `options.batchSize` images at a time, in sample order. The buffer is
    ///     reused between calls, so it must not be kept.
    ///   - rng: the only source of randomness.
    ///   - progress: called after each stage and batch, on the calling thread.
    public static func explain(image: GrayImage, segmentation: Segmentation, options: LIMEOptions = LIMEOptions(),
                               classify: ([Float], Int) -> [Double], rng: inout some RandomNumberGenerator,
                               progress: ((LIMEProgress) -> Void)? = nil) throws(ExplainError) -> Explanation {
        let M = segmentation.count, n = options.samples
        guard M > 0 else { throw .invalidInput("the image has no superpixels") }
        // The normal equations are (M+1)^2 doubles: 4,096 superpixels already need 134 MB.
        guard M <= 4096 else { throw .invalidInput("\(M) superpixels is too many to fit a surrogate (at most 4,096)") }
        guard n >= 2 else { throw .invalidInput("need at least 2 samples, got \(n)") }
        guard options.batchSize >= 1 else { throw .invalidInput("batch size must be positive") }
        let sampler = LIMESampler(image: image, segmentation: segmentation, fill: options.fill,
                                  standardizeEpsilon: options.standardizeEpsilon)
        let z = LIMESampler.masks(features: M, samples: n, paired: options.paired, rng: &rng)
        progress?(.sampled)
        let y = try scores(sampler: sampler, z: z, samples: n, batchSize: options.batchSize, classify: classify, progress: progress)
        var w = [Double](repeating: 0, count: n)
        for r in 0..<n {
            var on = 0
            for j in 0..<M where z[r * M + j] != 0 { on += 1 }
            w[r] = LIMEKernel.weight(distance: LIMEKernel.cosineDistance(on: on, features: M), width: options.kernelWidth)
        }
        let fit = try WeightedRidge.fit(z: z, features: M, y: y, w: w, lambda: options.ridge)
        progress?(.fitted)
        return Explanation(weights: fit.coefficients, intercept: fit.intercept, r2: fit.r2, score: y[0], samples: n)
    }

    /// `explain` with a SplitMix64 generator seeded from `seed`, recorded in the result.
    public static func explain(image: GrayImage, segmentation: Segmentation, options: LIMEOptions = LIMEOptions(),
                               seed: UInt64, classify: ([Float], Int) -> [Double],
                               progress: ((LIMEProgress) -> Void)? = nil) throws(ExplainError) -> Explanation {
        var rng = SplitMix64(seed: seed)
        var e = try explain(image: image, segmentation: segmentation, options: options, classify: classify, rng: &rng,
                            progress: progress)
        e.seed = seed
        return e
    }

    /// Classifies every row of the design through one reused batch buffer.
    static func scores(sampler: LIMESampler, z: [UInt8], samples n: Int, batchSize: Int,
                       classify: ([Float], Int) -> [Double],
                       progress: ((LIMEProgress) -> Void)?) throws(ExplainError) -> [Double] {
        let P = sampler.image.width * sampler.image.height
        var batch = [Float](repeating: 0, count: min(batchSize, n) * P)
        var y: [Double] = []
        y.reserveCapacity(n)
        var start = 0
        while start < n {
            let count = min(batchSize, n - start)
            z.withUnsafeBufferPointer { zb in
                batch.withUnsafeMutableBufferPointer { sampler.render(z: zb, rows: start..<(start + count), into: $0) }
            }
            // A short last batch is passed as a smaller array; full batches reuse the buffer as is.
            let scores = count * P == batch.count ? classify(batch, count) : classify(Array(batch[0..<(count * P)]), count)
            guard scores.count == count else {
                throw .invalidInput("classifier returned \(scores.count) scores for \(count) images")
            }
            for s in scores {
                guard s.isFinite else { throw .invalidInput("classifier returned a non-finite score") }
                y.append(s)
            }
            start += count
            progress?(.classified(done: start, total: n))
        }
        return y
    }
}
