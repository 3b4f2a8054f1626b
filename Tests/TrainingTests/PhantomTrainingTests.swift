import Classifier
import Imaging
import Testing
@testable import Training

/// Phantoms at a small size: the opacities stay visible, training stays fast.
private func phantoms(count: Int, size: Int, seed: UInt64) -> LabeledImages {
    var set = LabeledImages(size: size)
    for i in 0..<count {
        let pneumonia = i % 2 == 1
        let image = ChestPhantom.render(width: size, height: size, seed: seed &+ UInt64(i), pneumonia: pneumonia)
        set.append(image, label: pneumonia ? 1 : 0, patient: "p\(i)", path: "phantom-\(i).jpeg")
    }
    return set
}

private func smallConfig() -> TrainingConfig {
    var config = TrainingConfig()
    config.inputSize = 64
    config.epochs = 16
    config.batchSize = 16
    config.learningRate = 4e-3
    config.seed = 5
    config.architecture = """
        conv out=8 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2
        conv out=16 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2
        conv out=32 k=3 s=1 p=1 bias=0; bn; relu; gap; dense out=1 bias=1
        """
    return config
}

@Test("a small CNN learns phantom pneumonia to over 95% accuracy on unseen phantoms")
func learnsPhantoms() throws {
    let config = smallConfig()
    let trainer = try Trainer(config: config, training: phantoms(count: 480, size: 64, seed: 1_000),
                              validation: phantoms(count: 120, size: 64, seed: 9_000))
    var reports: [EpochReport] = []
    for _ in 0..<config.epochs { reports.append(trainer.trainEpoch { _ in }) }
    try trainer.loadBest()
    let best = reports.max { $0.validationAUC < $1.validationAUC }!
    #expect(best.validationAUC > 0.97)
    let logits = trainer.validationLogits()
    let accuracy = zip(logits, trainer.validation.labels).filter { ($0 >= 0) == ($1 == 1) }.count
    #expect(Double(accuracy) / Double(logits.count) > 0.95)
    #expect(reports.last!.trainLoss < reports.first!.trainLoss)
}

@Test("a run resumed from a checkpoint continues exactly as an uninterrupted one")
func resumeIsExact() throws {
    var config = smallConfig()
    config.epochs = 2
    let training = phantoms(count: 48, size: 64, seed: 100), validation = phantoms(count: 16, size: 64, seed: 200)
    let straight = try Trainer(config: config, training: training, validation: validation)
    _ = straight.trainEpoch { _ in }
    _ = straight.trainEpoch { _ in }

    let first = try Trainer(config: config, training: training, validation: validation)
    _ = first.trainEpoch { _ in }
    let saved = try Checkpoint(decoding: first.checkpoint().encoded())
    let resumed = try Trainer(config: config, training: training, validation: validation)
    try resumed.restore(saved)
    #expect(resumed.epochsDone == 1)
    _ = resumed.trainEpoch { _ in }
    #expect(resumed.network.parameters == straight.network.parameters)
    #expect(resumed.history == straight.history)
}
