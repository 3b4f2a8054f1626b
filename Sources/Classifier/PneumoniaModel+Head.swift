import Imaging
import NeuralNet
import Numerics

/// The network's head (its last dense layer after global average pooling) and the features it
/// reads, so a site's labels can refit it (`HeadRefit`) and the refit weights be written back:
/// the model then scores through its one normal path, with no new layer type.
extension PneumoniaModel {
    /// Index of the last layer when the network ends in global average pooling, optional
    /// dropout, then one dense layer with one output; nil for any other architecture.
    public var headLayerIndex: Int? {
        let specs = network.specs
        guard let last = specs.indices.last, case .dense(out: 1, _) = specs[last] else { return nil }
        var i = last - 1
        while i >= 0, case .dropout = specs[i] { i -= 1 }
        guard i >= 0, case .globalAveragePool = specs[i] else { return nil }
        return last
    }

    /// The head's weights (features) and bias; nil when `headLayerIndex` is nil.
    public var head: (weights: [Double], bias: Double)? {
        guard let index = headLayerIndex else { return nil }
        let tensors = network.namedTensors
        let weights = tensors["layers.\(index).weight"]!.storage.map(Double.init)
        let bias = tensors["layers.\(index).bias"].map { Double($0.storage[0]) } ?? 0
        return (weights, bias)
    }

    /// Number of features the head reads (the channels pooled by global average pooling).
    public var headFeatureCount: Int? { head?.weights.count }

    /// Replaces the head's weights and bias (a network whose head has no bias needs `bias` 0).
    public func setHead(weights: [Double], bias: Double) throws {
        guard let index = headLayerIndex, let count = headFeatureCount else { throw HeadError.unsupportedArchitecture }
        guard weights.count == count else { throw HeadError.wrongFeatureCount(expected: count, found: weights.count) }
        var tensors = network.namedTensors
        tensors["layers.\(index).weight"] = Tensor(shape: [1, count], storage: weights.map(Float.init))
        if tensors["layers.\(index).bias"] != nil {
            tensors["layers.\(index).bias"] = Tensor(shape: [1], storage: [Float(bias)])
        } else if bias != 0 {
            throw HeadError.noBias
        }
        try network.load(namedTensors: tensors)
    }

    /// The penultimate features of each film, (n, F), averaged over the test-time views like the
    /// logits, so the head's logit of these features equals `logits(images:)` (up to float
    /// rounding). Runs the fused inference path of a twin network whose head is the identity.
    public func headFeatures(images: [GrayImage]) throws -> [[Double]] {
        guard let index = headLayerIndex, let count = headFeatureCount else { throw HeadError.unsupportedArchitecture }
        guard !images.isEmpty else { return [] }
        var specs = network.specs
        specs[index] = .dense(out: count, bias: false)
        var rng = SplitMix64(seed: 0)
        let twin = try Network(specs: specs, inputShape: network.inputShape, rng: &rng)
        var tensors = network.namedTensors
        var identity = [Float](repeating: 0, count: count * count)
        for j in 0..<count { identity[j * count + j] = 1 }
        tensors["layers.\(index).weight"] = Tensor(shape: [count, count], storage: identity)
        try twin.load(namedTensors: tensors)
        return viewAveraged(twin, outputs: count, images: images)
    }

    /// Global-average-pooled activations after layer `index` (0-based, any layer), averaged over
    /// the test-time views, (n, channels): features of an earlier layer, for measuring whether
    /// they add to the head's (a head on them cannot be folded into the model's dense layer).
    public func pooledFeatures(images: [GrayImage], afterLayer index: Int) throws -> [[Double]] {
        precondition(network.specs.indices.contains(index), "no layer \(index)")
        let specs = Array(network.specs[...index]) + [.globalAveragePool]
        var rng = SplitMix64(seed: 0)
        let twin = try Network(specs: specs, inputShape: network.inputShape, rng: &rng)
        try twin.load(namedTensors: network.namedTensors)
        return viewAveraged(twin, outputs: twin.outputShape.reduce(1, *), images: images)
    }

    /// `twin`'s outputs (`outputs` per film) for every film, averaged over the views.
    private func viewAveraged(_ twin: Network, outputs count: Int, images: [GrayImage]) -> [[Double]] {
        guard !images.isEmpty else { return [] }
        var rng = SplitMix64(seed: 0)
        let per = preprocessing.pixelCount, size = preprocessing.inputSize
        var sum = [[Double]](repeating: [Double](repeating: 0, count: count), count: images.count)
        var start = 0
        while start < images.count {
            let n = min(Self.batchSize, images.count - start)
            // The one preprocessing path (each film resized once, then its views): (V, n, 1, S, S).
            let inputs = viewInputs(Array(images[start..<(start + n)]))
            for v in views.indices {
                let slice = Array(inputs[(v * n * per)..<((v + 1) * n * per)])
                let y = twin.forward(Tensor(shape: [n, 1, size, size], storage: slice), training: false, rng: &rng)
                for i in 0..<n { for j in 0..<count { sum[start + i][j] += Double(y.storage[i * count + j]) } }
            }
            start += n
        }
        let v = Double(views.count)
        return sum.map { $0.map { $0 / v } }
    }
}

/// Why a model's head cannot be read or replaced.
public enum HeadError: Error, Equatable, CustomStringConvertible {
    case unsupportedArchitecture
    case wrongFeatureCount(expected: Int, found: Int)
    case noBias

    public var description: String {
        switch self {
        case .unsupportedArchitecture: return "head refit: the network does not end in global average pooling and one dense output"
        case let .wrongFeatureCount(expected, found): return "head refit: \(found) weights for a head of \(expected) features"
        case .noBias: return "head refit: the network's head has no bias"
        }
    }
}
