import Foundation
import Imaging
import Testing
@testable import Classifier
@testable import NeuralNet

/// The model that ships, read from the source tree: its calibrated probabilities through the fused
/// plan's C kernels (Winograd, direct) must equal the layer-by-layer reference path, at every
/// kernel level this CPU runs, for batch 1 and batched inputs.
@Test("the shipped model's probabilities on the fast path equal the layer-by-layer reference to 1e-4")
func shippedModelFastPathMatchesReference() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Assets/Models/lightbox-pneumonia-cnn.safetensors")
    let model = try PneumoniaModel(safetensors: [UInt8](try Data(contentsOf: url)))
    let size = model.preprocessing.inputSize
    let films = (0..<10).map { ChestPhantom.render(width: 256, height: 256, seed: UInt64(100 + $0), pneumonia: $0 % 2 == 1) }
    model.views = [.identity]
    let inputs = model.viewInputs(films)
    func probabilities() -> [Double] {
        model.logits(preprocessed: inputs, count: films.count).map { model.calibration.probability(logit: $0) }
    }
    model.network.usesFusedInference = false
    let reference = probabilities()
    model.network.usesFusedInference = true
    for level in ConvKernelLevel.allCases where level <= .best {
        model.network.convKernelLevel = level
        let batched = probabilities()
        let alone = (0..<films.count).map { i in
            model.logits(preprocessed: Array(inputs[(i * size * size)..<((i + 1) * size * size)]), count: 1)[0]
        }.map { model.calibration.probability(logit: $0) }
        for i in 0..<films.count {
            #expect(abs(batched[i] - reference[i]) < 1e-4, "\(level) film \(i): \(batched[i]) vs \(reference[i])")
            #expect(abs(alone[i] - reference[i]) < 1e-4, "\(level) film \(i) alone")
        }
    }
    // The probabilities are not all alike: the test would see a path that ignores its input.
    #expect(Set(reference.map { Int($0 * 1000) }).count > 3)
}
