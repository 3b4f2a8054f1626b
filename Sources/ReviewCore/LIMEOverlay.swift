import CellGrid

/// A finished explanation as the review screen draws it: which parts of the film argue for
/// PNEUMONIA (+1) or against it (-1), and how it was computed (for the legend).
public struct LIMEOverlay: Sendable, Equatable {
    /// The top superpixels' pixels, in fractions of the film (any resolution).
    public var mask: TintMask
    /// Perturbed samples the explanation used (the legend says so).
    public var samples: Int
    /// The largest |weight| among the tinted superpixels (calibrated log-odds of PNEUMONIA),
    /// which full strength stands for; nil when unknown (the legend then says no number).
    public var largestWeight: Double?

    /// Creates an overlay from its mask, sample count and largest weight.
    public init(mask: TintMask, samples: Int, largestWeight: Double? = nil) {
        self.mask = mask; self.samples = samples; self.largestWeight = largestWeight
    }
}

/// Where the explanation of one film stands.
public enum ExplanationStatus: Sendable, Equatable {
    /// Asked for; `done` of `total` samples classified so far (0 of 0 until the first report).
    case running(done: Int, total: Int)
    /// Ready to draw.
    case ready(LIMEOverlay)
    /// Could not be computed.
    case failed(String)
}
