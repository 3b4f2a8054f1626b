import Imaging
import NeuralNet
import Numerics

/// Fine-tuning a trained network on a site's films mixed with training films, so that it
/// adapts without forgetting: a few epochs at a small learning rate, last epoch kept.
public enum FineTuning {
    /// The recipe: epochs, peak learning rate (no warm-up, cosine decay), batch size, seed.
    public struct Recipe: Sendable, Equatable {
        public var epochs = 3
        public var learningRate = 1e-4
        public var batchSize = 32
        public var seed: UInt64 = 1
        public init() {}

        /// One line for the model card.
        public var description: String {
            "AdamW, \(epochs) epochs, peak learning rate \(learningRate) with cosine decay, batch \(batchSize), site films mixed 1:1 with training films, last epoch kept, seed \(seed)"
        }
    }

    /// Returns the network's tensors after fine-tuning on `site` plus an equal number of films
    /// drawn (seeded) from `mix`, or on `site` alone when `mix` is nil.
    ///
    /// - Parameters:
    ///   - tensors: the starting weights and BN statistics (`Network.namedTensors`).
    ///   - architecture: the network's architecture text.
    public static func run(tensors: [String: Tensor], architecture: String, inputSize: Int,
                           site: LabeledImages, mix: LabeledImages?, recipe: Recipe,
                           progress: (BatchProgress) -> Void = { _ in }) throws -> [String: Tensor] {
        var rng = SplitMix64(seed: recipe.seed)
        var combined = site
        if let mix {
            var mixIndices = Array(0..<mix.count)
            rng.stableShuffle(&mixIndices)
            combined.append(contentsOf: mix.subset(Array(mixIndices.prefix(site.count))))
        }
        var config = TrainingConfig()
        config.architecture = architecture
        config.inputSize = inputSize
        config.epochs = recipe.epochs
        config.learningRate = recipe.learningRate
        config.batchSize = recipe.batchSize
        config.seed = recipe.seed
        config.warmupEpochs = 0
        let trainer = try Trainer(config: config, training: combined, validation: LabeledImages(size: inputSize))
        try trainer.network.load(namedTensors: tensors)
        for _ in 0..<recipe.epochs { _ = trainer.trainEpoch(progress: progress) }
        return trainer.network.namedTensors
    }
}
