import Classifier
import Foundation
import Imaging
import NeuralNet
import Numerics

/// One epoch's summary.
public struct EpochReport: Sendable, Equatable, Codable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double
    public var validationAUC: Double
    public var validationAccuracy: Double
    /// AUC on the second labelled folder (`siteEvaluation`), reported only: it never picks
    /// the epoch, the threshold or the calibration.
    public var siteAUC: Double? = nil
}

/// Progress within an epoch, for the command line's progress line.
public struct BatchProgress: Sendable {
    public var epoch: Int
    public var batch: Int
    public var batches: Int
    public var images: Int
    public var loss: Double
    public var learningRate: Float
}

/// Trains a binary CNN on in-memory films with augmentation, class weights, AdamW and a
/// warm-up + cosine schedule; pure computation (the caller times, prints and saves).
public final class Trainer {
    /// The derived random stream (of `config.seed`) that initialises the weights; shuffling,
    /// augmentation and dropout draw from per-epoch streams (`derived(epoch + 1)`).
    static let initialisationStream: UInt64 = 0x1417
    /// The cosine schedule ends at this fraction of the peak learning rate.
    static let learningRateFloor: Float = 0.01

    public let config: TrainingConfig
    public let network: Network
    public let preprocessing: Preprocessing
    public let training: LabeledImages
    public let validation: LabeledImages
    public private(set) var optimizer: AdamW
    /// Epochs completed so far.
    public private(set) var epochsDone = 0
    public private(set) var history: [EpochReport] = []
    /// Parameters and buffers of the best epoch by validation AUC (loss breaks ties).
    public private(set) var best: (epoch: Int, auc: Double, loss: Double, tensors: [String: Tensor])?

    /// A labelled folder from another site, judged every epoch for the log only.
    public let siteEvaluation: LabeledImages?
    /// The moving average of the weights and buffers when `config.emaDecay` is set.
    public private(set) var averaged: [String: Tensor]?

    private let validationInputs: [Float]
    private let siteInputs: [Float]

    /// Builds the network from `config.architecture`, initialised from `config.seed`.
    public init(config: TrainingConfig, training: LabeledImages, validation: LabeledImages,
                siteEvaluation: LabeledImages? = nil) throws {
        self.config = config
        self.training = training
        self.validation = validation
        self.siteEvaluation = siteEvaluation
        preprocessing = Preprocessing(inputSize: config.inputSize)
        var rng = SplitMix64(seed: config.seed).derived(Self.initialisationStream)
        network = try Network(architecture: config.architecture, inputShape: [1, config.inputSize, config.inputSize], rng: &rng)
        optimizer = AdamW(parameterCount: network.parameterCount, decayRanges: network.decayRanges,
                          weightDecay: Float(config.weightDecay))
        validationInputs = validation.preprocessedInputs(preprocessing)
        siteInputs = siteEvaluation?.preprocessedInputs(preprocessing) ?? []
    }

    /// The EMA decay in use, or nil when training keeps no average.
    private var emaDecay: Float? {
        guard let d = config.emaDecay, d > 0 else { return nil }
        return Float(d)
    }

    /// Folds the current weights into the moving average. The decay ramps up as
    /// (1 + step) / (10 + step) so the average is not dominated by the initial weights.
    private func updateAverage(step: Int) {
        guard let decay = emaDecay else { return }
        let current = network.namedTensors
        guard var average = averaged else { averaged = current; return }
        let d = min(decay, Float(1 + step) / Float(10 + step))
        for (name, tensor) in current {
            guard var a = average[name] else { continue }
            for i in a.storage.indices { a.storage[i] = d * a.storage[i] + (1 - d) * tensor.storage[i] }
            average[name] = a
        }
        averaged = average
    }

    /// Runs `body` with the averaged weights loaded (or the current ones when there is no average).
    private func withEvaluationWeights<T>(_ body: () -> T) -> T {
        guard let averaged else { return body() }
        let current = network.namedTensors
        try! network.load(namedTensors: averaged)
        defer { try! network.load(namedTensors: current) }
        return body()
    }

    /// The weights a finished run keeps for an epoch: the average when there is one.
    private var evaluationTensors: [String: Tensor] { averaged ?? network.namedTensors }

    public var batchesPerEpoch: Int { (training.count + config.batchSize - 1) / config.batchSize }
    public var totalSteps: Int { batchesPerEpoch * config.epochs }

    /// (positive, negative) loss weights: inverse class frequency, mean weight 1.
    public var classWeights: (positive: Float, negative: Float) {
        guard config.classWeighted else { return (1, 1) }
        let positives = training.labels.reduce(0, +)
        let negatives = training.count - positives
        guard positives > 0, negatives > 0 else { return (1, 1) }
        let n = Float(training.count)
        return (n / (2 * Float(positives)), n / (2 * Float(negatives)))
    }

    /// Runs one epoch of training and then validation; returns the epoch's report.
    ///
    /// The shuffle, augmentation and dropout draw from generators derived from (seed, epoch),
    /// so a run resumed from a checkpoint continues exactly as an uninterrupted one would.
    public func trainEpoch(progress: (BatchProgress) -> Void) -> EpochReport {
        let epoch = epochsDone
        let base = SplitMix64(seed: config.seed).derived(UInt64(epoch) &+ 1)
        var shuffleRNG = base.derived(1)
        var augmentRNG = base.derived(2)
        var dropoutRNG = base.derived(3)
        var order = Array(0..<training.count)
        shuffleRNG.stableShuffle(&order)

        let size = config.inputSize, per = size * size
        let weights = classWeights
        let warmup = config.warmupEpochs * batchesPerEpoch
        var lossSum = 0.0
        var input = [Float](repeating: 0, count: config.batchSize * per)
        for b in 0..<batchesPerEpoch {
            let indices = Array(order[(b * config.batchSize)..<min(order.count, (b + 1) * config.batchSize)])
            let n = indices.count
            var targets = [Float](repeating: 0, count: n)
            input.withUnsafeMutableBufferPointer { buffer in
                for (slot, i) in indices.enumerated() {
                    let augmented = config.augmentation.apply(to: training.image(at: i), using: &augmentRNG)
                    let dst = UnsafeMutableBufferPointer(rebasing: buffer[(slot * per)..<((slot + 1) * per)])
                    _ = dst.update(from: augmented.pixels)
                    GrayImage.standardize(dst, epsilon: preprocessing.epsilon)
                    targets[slot] = Float(training.labels[i])
                }
            }
            let x = Tensor(shape: [n, 1, size, size], storage: n == config.batchSize ? input : Array(input[0..<(n * per)]))
            network.zeroGradients()
            let logits = network.forward(x, training: true, rng: &dropoutRNG)
            let loss = Loss.binaryCrossEntropy(logits: logits.storage, targets: targets,
                                               positiveWeight: weights.positive, negativeWeight: weights.negative)
            network.backward(Tensor(shape: logits.shape, storage: loss.dLogits))
            let step = epoch * batchesPerEpoch + b
            let lr = warmupCosineLearningRate(step: step, totalSteps: totalSteps, warmupSteps: warmup,
                                              peak: Float(config.learningRate), floor: Float(config.learningRate) * Self.learningRateFloor)
            optimizer.update(parameters: &network.parameters, gradients: network.gradients, learningRate: lr)
            updateAverage(step: step)
            lossSum += Double(loss.loss) * Double(n)
            progress(BatchProgress(epoch: epoch + 1, batch: b + 1, batches: batchesPerEpoch,
                                   images: min(training.count, (b + 1) * config.batchSize),
                                   loss: lossSum / Double(min(training.count, (b + 1) * config.batchSize)), learningRate: lr))
        }
        epochsDone += 1
        let (val, siteAUC) = withEvaluationWeights {
            (validation.count > 0 ? validate() : (loss: Double.nan, auc: Double.nan, accuracy: Double.nan), siteAUCNow())
        }
        let report = EpochReport(epoch: epochsDone, trainLoss: lossSum / Double(training.count),
                                 validationLoss: val.loss, validationAUC: val.auc, validationAccuracy: val.accuracy,
                                 siteAUC: siteAUC)
        history.append(report)
        if validation.count > 0, best == nil || val.auc > best!.auc || (val.auc == best!.auc && val.loss < best!.loss) {
            best = (epochsDone, val.auc, val.loss, evaluationTensors)
        }
        return report
    }

    /// Validation logits of the current network (inference mode, no augmentation).
    public func validationLogits() -> [Double] {
        networkLogits(validationInputs, count: validation.count)
    }

    private func networkLogits(_ inputs: [Float], count: Int) -> [Double] {
        let per = preprocessing.pixelCount
        var rng = SplitMix64(seed: 0)
        var out: [Double] = []
        var start = 0
        while start < count {
            let n = min(PneumoniaModel.batchSize, count - start)
            let x = Tensor(shape: [n, 1, config.inputSize, config.inputSize], storage: Array(inputs[(start * per)..<((start + n) * per)]))
            out.append(contentsOf: network.forward(x, training: false, rng: &rng).storage.map(Double.init))
            start += n
        }
        return out
    }

    /// AUC of the loaded weights on `siteEvaluation`, or nil without one.
    private func siteAUCNow() -> Double? {
        guard let site = siteEvaluation, site.count > 0 else { return nil }
        return BinaryMetrics.rocAUC(scores: networkLogits(siteInputs, count: site.count), labels: site.labels)
    }

    private func validate() -> (loss: Double, auc: Double, accuracy: Double) {
        let z = validationLogits()
        let labels = validation.labels
        var loss = 0.0, correct = 0
        for (logit, y) in zip(z, labels) {
            loss += logLoss(logit: logit, target: Double(y))
            if (logit >= 0) == (y == 1) { correct += 1 }
        }
        let auc = BinaryMetrics.rocAUC(scores: z, labels: labels)
        return (loss / Double(max(1, z.count)), auc, Double(correct) / Double(max(1, z.count)))
    }

    /// Restores a checkpoint's state (network, optimizer, epoch count, history, best epoch).
    public func restore(_ checkpoint: Checkpoint) throws {
        try network.load(namedTensors: checkpoint.tensors)
        guard optimizer.restore(step: checkpoint.optimizerStep, m: checkpoint.adamM, v: checkpoint.adamV) else {
            throw Checkpoint.DecodeError.malformed("optimizer state has \(checkpoint.adamM.count) values, the network \(network.parameterCount)")
        }
        epochsDone = checkpoint.epochsDone
        history = checkpoint.history
        averaged = checkpoint.averaged
        if let b = checkpoint.best { best = (b.epoch, b.auc, b.loss, b.tensors) }
    }

    /// The current state as a checkpoint value.
    public func checkpoint() -> Checkpoint {
        Checkpoint(config: config, epochsDone: epochsDone, optimizerStep: optimizer.step,
                          tensors: network.namedTensors, adamM: optimizer.m, adamV: optimizer.v, history: history, averaged: averaged,
                          best: best.map { Checkpoint.Best(epoch: $0.epoch, auc: $0.auc, loss: $0.loss, tensors: $0.tensors) })
    }

    /// Loads the best epoch's weights into the network (the average at that epoch when training kept one).
    public func loadBest() throws {
        if let best { try network.load(namedTensors: best.tensors) }
        else if let averaged { try network.load(namedTensors: averaged) }
    }
}

