import Imaging
import NeuralNet
import Numerics
import Testing
@testable import Classifier

private func tinyModel(seed: UInt64 = 3) throws -> PneumoniaModel {
    var rng = SplitMix64(seed: seed)
    let network = try Network(architecture: "conv out=4 k=3 s=1 p=1 bias=0; bn; relu; gap; dense out=1 bias=1",
                              inputShape: [1, 16, 16], rng: &rng)
    var card = ModelCard()
    card["name"] = "tiny"
    card["model_id"] = "tiny-1"
    return PneumoniaModel(network: network, preprocessing: Preprocessing(inputSize: 16),
                          calibration: Calibration(slope: 0.7, intercept: -0.2), threshold: 0.42, card: card,
                          views: AffineTransform.testTimeViews)
}

private func film(_ seed: UInt64) -> GrayImage {
    ChestPhantom.render(width: 40, height: 32, seed: seed, pneumonia: seed % 2 == 0)
}

@Test("a saved model loads back with the same card, calibration, threshold, views and outputs")
func roundTrip() throws {
    let model = try tinyModel()
    let loaded = try PneumoniaModel(safetensors: model.safetensorsBytes())
    #expect(loaded.threshold == 0.42)
    #expect(loaded.calibration == model.calibration)
    #expect(loaded.id == "tiny-1")
    #expect(loaded.views == model.views)
    #expect(loaded.card["intended_use"] == ModelCard.intendedUse)
    let images = (1...5).map(film)
    #expect(loaded.probabilities(images: images) == model.probabilities(images: images))
}

@Test("batched inference gives the same logits as one film at a time")
func batchedEqualsSingle() throws {
    let model = try tinyModel()
    let images = (1...70).map(film)
    let batched = model.logits(images: images)
    let single = images.map { model.logits(images: [$0])[0] }
    for (a, b) in zip(batched, single) { #expect(abs(a - b) < 1e-5) }
}

@Test("a model file with a missing card key, a bad threshold or mismatched weights is refused with a reason")
func refusesBadFiles() throws {
    let model = try tinyModel()
    var (tensors, metadata) = try Safetensors.decode(model.safetensorsBytes())

    var noThreshold = metadata
    noThreshold["threshold"] = nil
    #expect(throws: ModelFileError.card(key: "threshold", reason: "is missing")) {
        try PneumoniaModel(safetensors: Safetensors.encode(tensors, metadata: noThreshold))
    }
    var badThreshold = metadata
    badThreshold["threshold"] = "1.5"
    #expect(throws: ModelFileError.self) { try PneumoniaModel(safetensors: Safetensors.encode(tensors, metadata: badThreshold)) }

    metadata["architecture"] = "conv out=8 k=3 s=1 p=1 bias=0; bn; relu; gap; dense out=1 bias=1"
    #expect(throws: ModelFileError.self) { try PneumoniaModel(safetensors: Safetensors.encode(tensors, metadata: metadata)) }

    tensors["layers.0.weight"] = nil
    #expect(throws: ModelFileError.self) { try PneumoniaModel(safetensors: Safetensors.encode(tensors, metadata: model.card.entries)) }

    let bytes = model.safetensorsBytes()
    #expect(throws: ModelFileError.self) { try PneumoniaModel(safetensors: Array(bytes.prefix(bytes.count / 2))) }
    #expect(throws: ModelFileError.self) { try PneumoniaModel(safetensors: Array("not a model".utf8)) }
}

@Test("the weights fingerprint changes when a weight changes")
func fingerprint() throws {
    let model = try tinyModel()
    let before = model.weightsFingerprint()
    model.network.parameters[0] += 1
    #expect(model.weightsFingerprint() != before)
    #expect(before.count == 16)
}
