import Testing
@testable import NeuralNet

@Suite("Network")
struct NetworkTests {
    static let smallSpecs: [LayerSpec] = [
        .conv(out: 3, kernel: 3, stride: 1, padding: 1, bias: false), .batchNorm(momentum: 0.1, epsilon: 1e-5), .relu,
        .maxPool(kernel: 2, stride: 2), .conv(out: 4, kernel: 3, stride: 1, padding: 1, bias: true),
        .globalAveragePool, .dense(out: 1, bias: true),
    ]

    @Test("whole-network BCE gradients match finite differences for inputs and parameters")
    func wholeNetworkGradient() throws {
        var rng = TestRNG(seed: 1)
        let net = try Network(specs: Self.smallSpecs, inputShape: [1, 6, 6], rng: &rng)
        let batch = 4
        let x = Tensor(shape: [batch, 1, 6, 6], storage: randomArray(batch * 36, seed: 2))
        let targets: [Float] = [1, 0, 1, 0]
        func loss(_ input: Tensor) -> (Float, [Float]) {
            var r = TestRNG(seed: 0)
            let out = net.forward(input, training: true, rng: &r)
            let l = Loss.binaryCrossEntropy(logits: out.storage, targets: targets, positiveWeight: 2)
            return (l.loss, l.dLogits)
        }
        let (_, d) = loss(x)
        net.zeroGradients()
        let dx = try #require(net.backward(Tensor(shape: [batch, 1], storage: d), computeInputGradient: true))
        let params = net.parameters, grads = net.gradients
        // eps = 1e-2: smaller steps drown in Float rounding of the loss (measured: error grows as eps shrinks).
        let ex = finiteDifferenceError(at: x.storage, analytic: dx.storage, samples: 60, eps: 1e-2, floor: 1e-3) {
            Double(loss(Tensor(shape: x.shape, storage: $0)).0)
        }
        let ep = finiteDifferenceError(at: params, analytic: grads, samples: 60, eps: 1e-2, floor: 1e-3) {
            net.parameters = $0
            return Double(loss(x).0)
        }
        net.parameters = params
        #expect(ex < 2e-2, "input gradient error \(ex)")
        #expect(ep < 2e-2, "parameter gradient error \(ep)")
    }

    @Test("the network's fused BN+ReLU forward equals running the layers one by one, in training and inference")
    func fusedForwardMatchesLayers() throws {
        var rng = TestRNG(seed: 10)
        let net = try Network(specs: Self.smallSpecs, inputShape: [1, 6, 6], rng: &rng)
        let bn = try #require(net.layers[1] as? BatchNorm2D)
        #expect(bn.appliesReLU)
        let x = Tensor(shape: [3, 1, 6, 6], storage: randomArray(108, seed: 11))
        for training in [true, false] {
            var r = TestRNG(seed: 0)
            let fused = net.forward(x, training: training, rng: &r).storage
            bn.appliesReLU = false
            var values = x.storage
            for (i, layer) in net.layers.enumerated() {
                let p = Array(net.parameters[net.parameterOffsets[i]..<(net.parameterOffsets[i] + layer.parameterCount)])
                values = LayerRunner(layer: layer, batch: 3).forward(values, p, training: training)
            }
            bn.appliesReLU = true
            #expect(maxRelativeError(fused, values) < 1e-5, "training: \(training)")
        }
    }

    @Test("the fused BN+ReLU backward gives the same gradients as running BN and ReLU backward separately")
    func fusedBackwardMatchesLayers() throws {
        var rng = TestRNG(seed: 12)
        let net = try Network(specs: Self.smallSpecs, inputShape: [1, 6, 6], rng: &rng)
        let bn = try #require(net.layers[1] as? BatchNorm2D)
        let x = Tensor(shape: [3, 1, 6, 6], storage: randomArray(108, seed: 13))
        let dy = Tensor(shape: [3, 1], storage: [0.5, -1, 2])
        var results: [(dx: [Float], grads: [Float])] = []
        for fused in [true, false] {
            bn.appliesReLU = fused
            var r = TestRNG(seed: 0)
            _ = net.forward(x, training: true, rng: &r)
            net.zeroGradients()
            let dx = try #require(net.backward(dy, computeInputGradient: true))
            results.append((dx.storage, net.gradients))
        }
        bn.appliesReLU = true
        #expect(results[0].grads.contains { $0 != 0 })
        #expect(maxRelativeError(results[0].dx, results[1].dx) < 1e-5)
        #expect(maxRelativeError(results[0].grads, results[1].grads) < 1e-5)
    }

    @Test("backward accumulates into the gradient block until zeroGradients")
    func accumulates() throws {
        var rng = TestRNG(seed: 3)
        let net = try Network(specs: Self.smallSpecs, inputShape: [1, 6, 6], rng: &rng)
        let x = Tensor(shape: [2, 1, 6, 6], storage: randomArray(72, seed: 4))
        _ = net.forward(x, training: true, rng: &rng)
        let dy = Tensor(shape: [2, 1], storage: [0.5, -1])
        net.zeroGradients()
        net.backward(dy)
        let once = net.gradients
        net.backward(dy)
        #expect(maxRelativeError(net.gradients, once.map { $0 * 2 }) < 1e-5)
        net.zeroGradients()
        #expect(net.gradients.allSatisfy { $0 == 0 })
    }

    @Test("architecture text round-trips and rebuilds the same layer list; bad text is rejected with a reason")
    func architectureText() throws {
        let specs = Self.smallSpecs + [.dropout(p: 0.25)]
        let text = LayerSpec.text(of: specs)
        #expect(try LayerSpec.parse(architecture: text) == specs)
        #expect(try LayerSpec.parse(architecture: "conv out=8; bn; relu; maxpool; gap; dense out=2")
                == [.conv(out: 8, kernel: 3, stride: 1, padding: 1, bias: true), .batchNorm(momentum: 0.1, epsilon: 1e-5),
                    .relu, .maxPool(kernel: 2, stride: 2), .globalAveragePool, .dense(out: 2, bias: true)])
        #expect(throws: ArchitectureError.self) { try LayerSpec.parse(architecture: "conv k=3") }
        #expect(throws: ArchitectureError.self) { try LayerSpec.parse(architecture: "resnet50") }
        #expect(throws: ArchitectureError.self) { try LayerSpec.parse(architecture: "relu x=1") }
        #expect(throws: ArchitectureError.empty) { try LayerSpec.parse(architecture: " ; ") }
        var rng = TestRNG(seed: 5)
        #expect(throws: ArchitectureError.badShape(layer: 1, "conv needs (C, H, W) input, got [3]")) {
            try Network(architecture: "gap; conv out=2", inputShape: [3, 4, 4], rng: &rng)
        }
    }

    @Test("named tensors include BN running stats and reload through safetensors to identical inference outputs")
    func saveAndLoad() throws {
        var rng = TestRNG(seed: 6)
        let a = try Network(specs: Self.smallSpecs, inputShape: [1, 8, 8], rng: &rng)
        let x = Tensor(shape: [3, 1, 8, 8], storage: randomArray(192, seed: 7))
        _ = a.forward(x, training: true, rng: &rng)   // moves the running statistics away from (0, 1)
        let names = a.namedTensors
        #expect(names["layers.1.running_mean"] != nil && names["layers.1.running_var"] != nil)
        #expect(names["layers.0.weight"]?.shape == [3, 1, 3, 3])
        #expect(names["layers.0.bias"] == nil)
        let bytes = Safetensors.encode(names, metadata: ["architecture": a.architecture])
        let decoded = try Safetensors.decode(bytes)
        let b = try Network(architecture: decoded.metadata["architecture"]!, inputShape: [1, 8, 8], rng: &rng)
        #expect(b.forward(x, training: false, rng: &rng) != a.forward(x, training: false, rng: &rng))
        try b.load(namedTensors: decoded.tensors)
        #expect(b.forward(x, training: false, rng: &rng) == a.forward(x, training: false, rng: &rng))

        var missing = decoded.tensors
        missing["layers.1.running_var"] = nil
        #expect(throws: LoadError.missingTensor("layers.1.running_var")) { try b.load(namedTensors: missing) }
        var wrong = decoded.tensors
        wrong["layers.6.weight"] = Tensor(shape: [4, 1], storage: [0, 0, 0, 0])
        #expect(throws: LoadError.shapeMismatch(name: "layers.6.weight", expected: [1, 4], found: [4, 1])) {
            try b.load(namedTensors: wrong)
        }
    }

    @Test("parameter count, FLOPs and weight-decay ranges follow the layers")
    func accounting() throws {
        var rng = TestRNG(seed: 8)
        let net = try Network(specs: Self.smallSpecs, inputShape: [1, 8, 8], rng: &rng)
        // conv 3*9, bn 3+3, conv 4*27+4, dense 4+1
        #expect(net.parameterCount == 27 + 6 + 112 + 5)
        #expect(net.decayRanges == [0..<27, 33..<141, 145..<149])
        #expect(net.flopsPerItem > 2 * 3 * 9 * 64)
    }

    @Test("a tiny network learns to tell a bright top half from a bright bottom half")
    func learnsToyProblem() throws {
        var rng = TestRNG(seed: 9)
        let specs: [LayerSpec] = [
            .conv(out: 4, kernel: 3, stride: 1, padding: 1, bias: false), .batchNorm(momentum: 0.1, epsilon: 1e-5), .relu,
            .maxPool(kernel: 2, stride: 2), .conv(out: 8, kernel: 3, stride: 1, padding: 1, bias: true), .relu,
            .globalAveragePool, .dropout(p: 0.1), .dense(out: 1, bias: true),
        ]
        let net = try Network(specs: specs, inputShape: [1, 8, 8], rng: &rng)
        var adam = AdamW(parameterCount: net.parameterCount, decayRanges: net.decayRanges, weightDecay: 1e-4)
        func batch(_ n: Int) -> (Tensor, [Float]) {
            var x = [Float](repeating: 0, count: n * 64), y = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let top = Bool.random(using: &rng)
                y[i] = top ? 1 : 0
                for p in 0..<64 {
                    let inTop = p < 32
                    x[i * 64 + p] = Float.random(in: -0.5...0.5, using: &rng) + (inTop == top ? 0.6 : 0)
                }
            }
            return (Tensor(shape: [n, 1, 8, 8], storage: x), y)
        }
        var first: Float = 0, last: Float = 0
        let steps = 200
        for step in 0..<steps {
            let (x, y) = batch(16)
            let out = net.forward(x, training: true, rng: &rng)
            let l = Loss.binaryCrossEntropy(logits: out.storage, targets: y)
            if step < 10 { first += l.loss / 10 }
            if step >= steps - 10 { last += l.loss / 10 }
            net.zeroGradients()
            net.backward(Tensor(shape: out.shape, storage: l.dLogits))
            adam.update(parameters: &net.parameters, gradients: net.gradients,
                        learningRate: warmupCosineLearningRate(step: step, totalSteps: steps, warmupSteps: 10, peak: 0.02))
        }
        #expect(last < first * 0.3, "loss \(first) -> \(last)")
        let (x, y) = batch(200)
        let out = net.forward(x, training: false, rng: &rng)
        let correct = zip(out.storage, y).filter { ($0 > 0) == ($1 > 0.5) }.count
        #expect(correct >= 190, "accuracy \(correct)/200")
    }
}
