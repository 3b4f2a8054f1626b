import Classifier
import Foundation
import LinearAlgebra
import NeuralNet
import Numerics
import Storage
import Training

/// One `lightbox train` run: loads the labelled films, splits them by patient, trains with a
/// checkpoint after every epoch (resumable), reports progress with rate and ETA, and writes the
/// finished model with its card. The command only parses its options into one of these.
public struct TrainingSession {
    /// The training configuration (Training's `TrainingConfig`).
    public typealias Config = TrainingConfig
    /// An augmentation preset.
    public typealias Augmentation = AugmentationPreset

    public var dataDir: String
    public var out: String
    /// Replace an existing model at `out` (anything else there is never replaced).
    public var force = false
    public var config: TrainingConfig
    /// Where the checkpoint goes (default: `out` + ".checkpoint").
    public var checkpoint: String?
    /// A checkpoint to continue from (its settings win).
    public var resume: String?
    public var name: String
    /// Exported reviewer CSV whose labels override folder labels.
    public var feedback: String?
    /// A second labelled folder judged each epoch, for the log and the card only.
    public var siteEval: String?
    /// Save the model with test-time views.
    public var tta: Bool

    public init(dataDir: String, out: String, config: TrainingConfig, checkpoint: String?, resume: String?, name: String,
                feedback: String?, siteEval: String?, tta: Bool) {
        (self.dataDir, self.out, self.config, self.checkpoint, self.resume) = (dataDir, out, config, checkpoint, resume)
        (self.name, self.feedback, self.siteEval, self.tta) = (name, feedback, siteEval, tta)
    }

    /// Trains and writes the model (progress on stderr); returns its validation (and site) metrics.
    public func run() throws -> Report {
        try ModelOutput.check(out, force: force)
        var config = self.config
        var resumed: Checkpoint?
        if let resume {
            let bytes = try ImageFile.readBytes(path: resume, byteLimit: 1 << 31)
            do { resumed = try Checkpoint(decoding: bytes) } catch { throw CommandFailure("\(resume): \(error)") }
            config = resumed!.config
            writeStderr("train: resuming \(resume) after epoch \(resumed!.epochsDone) of \(config.epochs)\n")
        }

        let overrides = try feedback.map(reviewerLabels(csv:)) ?? [:]
        let data = try TrainingData.load(dataDir, size: config.inputSize, overrides: overrides)
        var splitRNG = SplitMix64(seed: config.seed)
        let split = PatientSplit.make(patients: data.patients, labels: data.labels,
                                      validationFraction: config.validationFraction, using: &splitRNG)
        let training = data.subset(split.training), validation = data.subset(split.validation)
        writeStderr("train: \(training.count) training films (\(training.labels.reduce(0, +)) PNEUMONIA), "
                    + "\(validation.count) validation films (\(validation.labels.reduce(0, +)) PNEUMONIA), "
                    + "split by patient\n")

        let checkpointPath = checkpoint ?? out + ".checkpoint"
        let listPath = checkpointPath + ".validation.txt"
        try AtomicFile.write(Array((validation.paths.joined(separator: "\n") + "\n").utf8), to: listPath)
        writeStderr("train: validation film list in \(listPath)\n")

        let site = try siteEval.map { try TrainingData.load($0, size: config.inputSize) }
        if let site, let siteEval {
            writeStderr("train: \(siteEval): \(site.count) films (\(site.labels.reduce(0, +)) PNEUMONIA) judged each epoch, never used to choose\n")
        }
        let trainer = try Trainer(config: config, training: training, validation: validation, siteEvaluation: site)
        if let resumed { try trainer.restore(resumed) }
        writeStderr("train: \(trainer.network.parameterCount) parameters, "
                    + String(format: "%.3f", Double(trainer.network.flopsPerItem) / 1e9) + " GFLOP per film, "
                    + "BLAS \(BLAS.coreName) x\(BLAS.threadCount)\n")

        while trainer.epochsDone < config.epochs {
            let start = Date()
            var lastPrint = Date.distantPast
            let report = trainer.trainEpoch { p in
                let now = Date()
                guard now.timeIntervalSince(lastPrint) > 2 || p.batch == p.batches else { return }
                lastPrint = now
                let elapsed = now.timeIntervalSince(start)
                let rate = Double(p.images) / max(elapsed, 1e-9)
                let remainingThisEpoch = Double(training.count - p.images) / max(rate, 1e-9)
                let remainingEpochs = Double(config.epochs - p.epoch) * Double(training.count) / max(rate, 1e-9)
                writeStderr("epoch \(p.epoch)/\(config.epochs) batch \(p.batch)/\(p.batches) loss "
                            + String(format: "%.4f lr %.2e %.1f img/s ETA %@", p.loss, p.learningRate, rate,
                                     formatDuration(remainingThisEpoch + remainingEpochs)) + "\n")
            }
            let seconds = Date().timeIntervalSince(start)
            writeStderr(String(format: "epoch %d/%d done in %@: train loss %.4f, val loss %.4f, val AUC %.4f, val acc@0.5 %.4f",
                               report.epoch, config.epochs, formatDuration(seconds), report.trainLoss,
                               report.validationLoss, report.validationAUC, report.validationAccuracy)
                        + (report.siteAUC.map { String(format: ", site AUC %.4f", $0) } ?? "") + "\n")
            try AtomicFile.write(trainer.checkpoint().encoded(), to: checkpointPath)
        }

        try trainer.loadBest()
        let model = try ModelFinisher.finish(trainer: trainer, name: name, tta: tta,
                                             trainingFilesDigest: TrainingData.fileListDigest(trainer.training.paths),
                                             created: ISO8601DateFormatter().string(from: Date()),
                                             siteName: siteEval)
        try ModelOutput.check(out, force: force)   // again: the path may have changed during training
        try AtomicFile.write(model.safetensorsBytes(), to: out)
        writeStderr("train: wrote \(out) (\(model.id)); best epoch \(trainer.best?.epoch ?? 0)\n")
        return Report(validationMetrics: model.card["validation_metrics"] ?? "", siteMetrics: model.card["site_eval_metrics"])
    }

    /// What training produced, for the command to print: the card's metrics (JSON text).
    public struct Report {
        /// The best epoch's validation metrics.
        public var validationMetrics: String
        /// The metrics on `--site-eval`'s films, when given.
        public var siteMetrics: String?
    }
}
