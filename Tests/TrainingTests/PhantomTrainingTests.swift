import Numerics
import Classifier
import Feedback
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
    config.epochs = 10
    config.batchSize = 16
    config.learningRate = 4e-3
    config.seed = 5
    config.augmentationPreset = .chestFilm
    config.architecture = """
        conv out=8 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2
        conv out=16 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2
        conv out=32 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2
        conv out=32 k=3 s=1 p=1 bias=0; bn; relu; gap; dense out=1 bias=1
        """
    return config
}

@Test("a small CNN learns phantom pneumonia to over 95% accuracy on unseen phantoms")
func learnsPhantoms() throws {
    let config = smallConfig()
    let trainer = try Trainer(config: config, training: phantoms(count: 960, size: 64, seed: 1_000),
                              validation: phantoms(count: 120, size: 64, seed: 9_000))
    var reports: [EpochReport] = []
    for _ in 0..<config.epochs { reports.append(trainer.trainEpoch { _ in }) }
    try trainer.loadBest()
    #expect(reports.map(\.validationAUC).max()! > 0.97)
    #expect(reports.last!.trainLoss < reports.first!.trainLoss)

    // As the product does: threshold chosen on validation, accuracy measured on fresh films.
    let threshold = ThresholdRule.youden.choose(probabilities: trainer.validationLogits().map(sigmoid),
                                                labels: trainer.validation.labels)
    let test = phantoms(count: 200, size: 64, seed: 50_000)
    let model = PneumoniaModel(network: trainer.network, preprocessing: trainer.preprocessing,
                               calibration: .identity, threshold: threshold, card: ModelCard())
    let probabilities = model.probabilities(images: (0..<test.count).map { test.image(at: $0) })
    let correct = zip(probabilities, test.labels).filter { (model.predictedLabel($0) == .pneumonia) == ($1 == 1) }.count
    #expect(Double(correct) / Double(test.count) > 0.95)
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

@Test("with a weight average, a resumed run continues exactly, and the kept weights are the average, not the last step's")
func averagedResumeIsExact() throws {
    var config = smallConfig()
    config.epochs = 2
    config.emaDecay = 0.9
    let training = phantoms(count: 48, size: 64, seed: 100), validation = phantoms(count: 16, size: 64, seed: 200)
    let site = phantoms(count: 12, size: 64, seed: 300)
    let straight = try Trainer(config: config, training: training, validation: validation, siteEvaluation: site)
    _ = straight.trainEpoch { _ in }
    _ = straight.trainEpoch { _ in }

    let first = try Trainer(config: config, training: training, validation: validation, siteEvaluation: site)
    _ = first.trainEpoch { _ in }
    let saved = try Checkpoint(decoding: first.checkpoint().encoded())
    #expect(saved.averaged != nil)
    let resumed = try Trainer(config: config, training: training, validation: validation, siteEvaluation: site)
    try resumed.restore(saved)
    _ = resumed.trainEpoch { _ in }
    #expect(resumed.averaged == straight.averaged)
    #expect(resumed.history == straight.history)
    #expect(straight.history.allSatisfy { $0.siteAUC != nil && (0...1).contains($0.siteAUC!) })

    let raw = straight.network.namedTensors
    try straight.loadBest()
    #expect(straight.network.namedTensors != raw)
    #expect(straight.network.namedTensors == straight.best!.tensors)
}
