import Imaging
import NeuralNet
import Numerics
import Testing
@testable import Classifier

private func modelWithHead() throws -> PneumoniaModel {
    var rng = SplitMix64(seed: 9)
    let network = try Network(architecture: "conv out=6 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2; conv out=5 k=3 s=1 p=1 bias=0; bn; relu; gap; dropout p=0.3; dense out=1 bias=1",
                              inputShape: [1, 16, 16], rng: &rng)
    var card = ModelCard()
    card["name"] = "tiny"
    return PneumoniaModel(network: network, preprocessing: Preprocessing(inputSize: 16),
                          calibration: .identity, threshold: 0.5, card: card, views: AffineTransform.testTimeViews)
}

private let films = (0..<7).map { ChestPhantom.render(width: 40, height: 32, seed: UInt64($0), pneumonia: $0 % 2 == 0) }

@Suite("the model's head")
struct HeadTests {
    @Test("the head reads the pooled features: its logit of the view-averaged features is the model's logit")
    func featuresReproduceLogits() throws {
        let model = try modelWithHead()
        #expect(model.headLayerIndex == 9)
        let head = try #require(model.head)
        let features = try model.headFeatures(images: films)
        #expect(features.count == films.count && features[0].count == 5)
        let logits = model.logits(images: films)
        for (f, z) in zip(features, logits) {
            let mine = zip(f, head.weights).map { $0 * $1 }.reduce(head.bias, +)
            #expect(abs(mine - z) < 1e-4 * (1 + abs(z)))
        }
    }

    @Test("pooling after the last ReLU gives the head's features; an earlier layer gives its own channel count")
    func pooledFeatures() throws {
        let model = try modelWithHead()
        let head = try model.headFeatures(images: films)
        let pooled = try model.pooledFeatures(images: films, afterLayer: 6)
        for (a, b) in zip(head, pooled) { for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-5 * (1 + abs(x))) } }
        #expect(try model.pooledFeatures(images: films, afterLayer: 2)[0].count == 6)
    }

    @Test("new head weights change the logits as the linear formula says, and survive a save and load")
    func setHeadRoundTrip() throws {
        let model = try modelWithHead()
        let features = try model.headFeatures(images: films)
        let weights = [0.5, -1, 2, 0, 0.25], bias = -0.75
        try model.setHead(weights: weights, bias: bias)
        let loaded = try PneumoniaModel(safetensors: model.safetensorsBytes())
        for (f, z) in zip(features, loaded.logits(images: films)) {
            let expected = zip(f, weights).map { $0 * $1 }.reduce(bias, +)
            #expect(abs(expected - z) < 1e-4 * (1 + abs(z)))
        }
        #expect(throws: HeadError.wrongFeatureCount(expected: 5, found: 2)) { try model.setHead(weights: [1, 2], bias: 0) }
    }

    @Test("a network that does not end in pooling and one dense output has no head to refit")
    func noHead() throws {
        var rng = SplitMix64(seed: 1)
        let network = try Network(architecture: "conv out=2 k=3 s=1 p=1 bias=0; relu; dense out=1 bias=1", inputShape: [1, 8, 8], rng: &rng)
        let model = PneumoniaModel(network: network, preprocessing: Preprocessing(inputSize: 8), calibration: .identity, threshold: 0.5, card: ModelCard())
        #expect(model.headLayerIndex == nil)
        #expect(throws: HeadError.unsupportedArchitecture) { try model.headFeatures(images: films) }
    }
}
