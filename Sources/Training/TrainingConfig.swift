import Imaging

/// Everything that determines a training run; stored in checkpoints and the model card.
public struct TrainingConfig: Sendable, Equatable, Codable {
    public var epochs = 30
    public var batchSize = 32
    /// Peak learning rate after warm-up (AdamW).
    public var learningRate = 2e-3
    /// Decoupled weight decay (AdamW), on conv and dense weights only.
    public var weightDecay = 5e-4
    public var warmupEpochs = 1
    public var seed: UInt64 = 1
    /// Share of each class's patients held out for validation.
    public var validationFraction = 0.2
    /// Side of the square model input.
    public var inputSize = 128
    /// Network layers, one `LayerSpec` per line (see NeuralNet).
    public var architecture = TrainingConfig.defaultArchitecture
    /// Weight the loss by inverse class frequency (true) or not.
    public var classWeighted = true
    /// Augmentation preset (see `AugmentationPreset`); site-robust is the shipped model's.
    public var augmentationPreset = AugmentationPreset.siteRobust
    /// Decay of an exponential moving average of the weights (and batch-norm statistics),
    /// updated every step; validation, the best epoch and the saved model use the average.
    /// `nil` or 0 trains without one.
    public var emaDecay: Double? = nil

    public init() {}

    /// A VGG-style CNN with batch norm and global average pooling: about 0.14 GFLOP per
    /// 128x128 film, so 1,000 LIME forward passes stay within budget on two cores.
    public static let defaultArchitecture = ([16, 32, 64, 128].map { stage(out: $0) + "\nmaxpool k=2 s=2" }
                                             + [stage(out: 128), "gap", "dropout p=0.3", "dense out=1 bias=1"])
        .joined(separator: "\n")

    /// One VGG stage: a 3x3 convolution (no bias: batch norm follows), batch norm, ReLU.
    private static func stage(out: Int) -> String { "conv out=\(out) k=3 s=1 p=1 bias=0\nbn\nrelu" }

    /// The augmentation used in training (a documented choice: no horizontal flips, since the
    /// heart lies on the patient's left and a flipped film is anatomically impossible).
    public var augmentation: Augmentation {
        switch augmentationPreset {
        case .chestFilm: .chestFilm
        case .acquisitionRobust: .acquisitionRobust
        case .siteRobust: .siteRobust
        case .siteShift: .siteShift
        case .siteShiftMarkers: .siteShiftMarkers
        case .siteShiftMarkersStrong: .siteShiftMarkersStrong
        }
    }

    /// The augmentation in words, for the model card.
    public var augmentationDescription: String {
        let common = "no horizontal flip (the heart lies on the patient's left)"
        let markers = augmentationPreset == .siteShiftMarkers || augmentationPreset == .siteShiftMarkersStrong
        if augmentationPreset == .chestFilm {
            return "rotation +/-7 deg, shift +/-6%, zoom 0.9-1.1, brightness +/-15%, contrast 0.85-1.15, gamma 0.85-1.15; " + common
        }
        let robust = "rotation +/-10 deg, shift +/-8%, zoom \(markers ? "0.85-1.3" : "0.85-1.15"), brightness +/-15%, contrast 0.75-1.25, gamma 0.6-1.6, "
            + "half the films softened (shrunk up to 2.5x and enlarged back), "
        let processing = "half the films given large-radius unsharp masking (amount 0.2-1.5, radius 4-12% of the width), "
            + "Gaussian noise up to 6% of the range; "
        if augmentationPreset == .siteRobust { return robust + processing + common }
        let tone = "two films in three with their black level moved (crushed up to 6% or lifted "
            + "to a soft floor up to 12% of the range), half with the shoulder of the tone curve rounded (bright tones lifted toward white) up to 15%; "
        if augmentationPreset == .siteShift { return robust + processing + tone + common }
        if markers {
            return robust + processing + tone
                + (augmentationPreset == .siteShiftMarkers ? "half the films" : "four films in five") + " given 1-3 burnt-in annotations (side marker R/L 6-14% of the height, or exposure/time text) "
                + "near a corner or edge, bright or dark; " + common
        }
        return robust + "Gaussian noise up to 3% of the range; " + common
    }
}

/// The named augmentations `lightbox train --augmentation` offers; raw values are the names.
/// chest-film: mild geometry and tone; acquisition-robust: also tone curves, detector softness
/// and noise; site-robust (the shipped model's): also vendor-style local contrast processing,
/// more noise; site-shift: site-robust plus black-level and tone-shoulder shifts;
/// site-shift-markers: also burnt-in annotations on half the films (-strong: four in five).
/// `TrainingConfig.augmentationDescription` says each in full.
public enum AugmentationPreset: String, CaseIterable, Codable, Sendable {
    case chestFilm = "chest-film", acquisitionRobust = "acquisition-robust", siteRobust = "site-robust"
    case siteShift = "site-shift", siteShiftMarkers = "site-shift-markers", siteShiftMarkersStrong = "site-shift-markers-strong"
}
