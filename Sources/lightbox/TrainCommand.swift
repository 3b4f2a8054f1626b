import ReviewApp
import ArgumentParser
import Foundation
import Workflows

extension TrainingSession.Augmentation: ExpressibleByArgument {}

/// `lightbox train`: trains the pneumonia CNN on a NORMAL/PNEUMONIA folder, checkpointing
/// every epoch, then calibrates and picks the threshold on the patient-level validation split.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the pneumonia CNN on DATA_DIR (NORMAL/ and PNEUMONIA/ subfolders).",
        discussion: """
            Splits train/validation by patient (IDs from the Kermany file names), stratified by class. \
            Writes a checkpoint after every epoch (--checkpoint, default OUT.checkpoint); after a kill, \
            run the same command with --resume CHECKPOINT to continue. Keeps the epoch with the best \
            validation AUC, fits temperature scaling and chooses the threshold on validation.
            """)

    @Argument(help: "Training folder with NORMAL/ and PNEUMONIA/ subfolders.")
    var dataDir: String

    @Option(name: .long, help: "Model file to write (safetensors), atomically. An existing model is replaced only with --force; any other file is never replaced.")
    var out: String

    @Flag(name: .long, help: "Replace an existing model at --out.") var force = false

    @Option(name: .long, help: "Epochs.") var epochs: Int = TrainingSession.Config().epochs
    @Option(name: .long, help: "Films per batch.") var batchSize: Int = TrainingSession.Config().batchSize
    @Option(name: .long, help: "Peak learning rate (AdamW, after one warm-up epoch, cosine decay).") var lr: Double = TrainingSession.Config().learningRate
    @Option(name: .long, help: "Seed of the split, initialisation, shuffling, augmentation and dropout.") var seed: UInt64 = TrainingSession.Config().seed
    @Option(name: .long, help: "Share of each class's patients held out for validation.") var valFraction: Double = TrainingSession.Config().validationFraction
    @Option(name: .long, help: "Side of the square model input in pixels.") var inputSize: Int = TrainingSession.Config().inputSize
    @Option(name: .long, help: "Decoupled weight decay.") var weightDecay: Double = TrainingSession.Config().weightDecay
    @Option(name: .long, help: "Augmentation: site-robust (default: tone curves, detector softness, vendor-style local contrast processing, noise), acquisition-robust (the same without processing, less noise), chest-film (mild), site-shift (site-robust plus black-level and tone-shoulder shifts), site-shift-markers (also burnt-in annotations on half the films) or site-shift-markers-strong (on four in five).") var augmentation: TrainingSession.Augmentation = TrainingSession.Config().augmentationPreset
    @Option(name: .long, help: "Checkpoint written after every epoch (default: OUT.checkpoint).") var checkpoint: String?
    @Option(name: .long, help: "Continue from this checkpoint (its settings win over the flags).") var resume: String?
    @Option(name: .long, help: "Model name recorded in the card.") var name: String = "lightbox-pneumonia-cnn"
    @Option(name: .long, help: "Exported reviewer CSV (lightbox export): reviewers' labels override folder labels for those films.") var feedback: String?
    @Option(name: .long, help: "OpenBLAS threads (default 1: the convolutions split each batch over the cores themselves).") var blasThreads: Int?
    @Option(name: .long, help: "A second labelled folder (another site) judged every epoch and at the end, for the log and the card only: it never picks the epoch, threshold or calibration.") var siteEval: String?
    @Option(name: .long, help: "Keep an exponential moving average of the weights with this decay (e.g. 0.998) and save it instead of the raw weights; 0 = none.") var ema: Double = 0
    @Flag(name: .long, help: "Average five test-time views (original, +/-6 degrees, zoom 1.08/0.93) in the saved model.") var tta = false

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batchSize >= 2 else { throw ValidationError("--batch-size must be at least 2 (batch norm)") }
        guard lr > 0 else { throw ValidationError("--lr must be positive") }
        guard valFraction > 0, valFraction < 1 else { throw ValidationError("--val-fraction must be in (0, 1)") }
        guard (32...512).contains(inputSize) else { throw ValidationError("--input-size must be in 32...512") }
        guard ema >= 0, ema < 1 else { throw ValidationError("--ema must be in [0, 1)") }
        // A model named like a film would land in a study as one (with OUT.checkpoint beside it).
        for (flag, path) in [("--out", out), ("--checkpoint", checkpoint ?? "")] {
            let lower = path.lowercased()
            if [".dcm", ".dicom", ".png", ".jpg", ".jpeg"].contains(where: { lower.hasSuffix($0) }) {
                throw ValidationError("\(flag) \(path) names a film, not a model: give a .safetensors path (the checkpoint goes beside it)")
            }
        }
    }

    func run() throws {
        if let blasThreads { Runtime.setBLASThreads(blasThreads) }
        var config = TrainingSession.Config()
        config.epochs = epochs; config.batchSize = batchSize; config.learningRate = lr; config.seed = seed
        config.validationFraction = valFraction; config.inputSize = inputSize; config.weightDecay = weightDecay
        config.augmentationPreset = augmentation
        config.emaDecay = ema > 0 ? ema : nil
        var session = TrainingSession(dataDir: dataDir, out: out, config: config, checkpoint: checkpoint, resume: resume, name: name,
                                      feedback: feedback, siteEval: siteEval, tta: tta)
        session.force = force
        let report = try session.run()
        print(report.validationMetrics)
        if let siteMetrics = report.siteMetrics { print(siteMetrics) }
    }
}
