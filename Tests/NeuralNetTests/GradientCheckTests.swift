import Testing
@testable import NeuralNet

/// Finite-difference checks of every layer's backward pass, ggml test-backend-ops style.
@Suite("Gradient checks")
struct GradientCheckTests {
    let tolerance: Float = 1e-2

    func check(_ layer: any Layer, batch: Int, x: [Float]? = nil, eps: Float = 1e-2) {
        let input = x ?? randomArray(batch * layer.inputCount, seed: 21)
        let params = initialParameters(layer, seed: 22)
        let (ex, ep) = layerGradientErrors(layer, batch: batch, x: input, params: params, eps: eps)
        #expect(ex < tolerance, "input gradient error \(ex) for \(layer.spec)")
        #expect(ep < tolerance, "parameter gradient error \(ep) for \(layer.spec)")
    }

    @Test("conv gradients match finite differences (stride 1 and 2, with and without bias)")
    func conv() throws {
        check(try Conv2D(inputShape: [2, 6, 5], outChannels: 3, kernel: 3, stride: 1, padding: 1, bias: true), batch: 2)
        check(try Conv2D(inputShape: [2, 7, 7], outChannels: 3, kernel: 3, stride: 2, padding: 0, bias: false), batch: 2)
    }

    @Test("batch norm in training mode has gradients matching finite differences, for (C, H, W) and (C) inputs")
    func batchNorm() throws {
        check(try BatchNorm2D(inputShape: [3, 4, 5]), batch: 3, eps: 1e-2)
        check(try BatchNorm2D(inputShape: [4]), batch: 6, eps: 1e-2)
    }

    @Test("batch norm with the following ReLU fused in has gradients matching finite differences (x away from the kink)")
    func batchNormReLU() throws {
        let layer = try BatchNorm2D(inputShape: [3, 4, 5])
        layer.appliesReLU = true
        // The kink is where the BN output crosses 0; a 1e-2 step must not move a value across it. Spreading x
        // away from 0 keeps values apart, and these fixed seeds leave none within a step of the kink.
        let x = randomArray(3 * 60, seed: 5).map { $0 >= 0 ? $0 + 0.3 : $0 - 0.3 }
        check(layer, batch: 3, x: x)
    }

    @Test("ReLU gradients match finite differences away from the kink")
    func relu() {
        // Values at least 0.1 from zero so a 1e-2 step never crosses the kink.
        let x = randomArray(2 * 30, seed: 3).map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
        check(ReLU(inputShape: [3, 2, 5]), batch: 2, x: x)
    }

    @Test("max-pool gradients match finite differences when window values are distinct")
    func maxPool() throws {
        // A shuffled ramp with spacing 0.05 has no near-ties, so a 1e-2 step never changes the argmax.
        var rng = TestRNG(seed: 4)
        let x = (0..<(2 * 2 * 6 * 7)).map { Float($0) * 0.05 }.shuffled(using: &rng)
        check(try MaxPool2D(inputShape: [2, 6, 7], kernel: 2, stride: 2), batch: 2, x: x)
        check(try MaxPool2D(inputShape: [2, 6, 7], kernel: 3, stride: 2), batch: 2, x: x)
    }

    @Test("global average pool gradients match finite differences")
    func globalAveragePool() throws {
        check(try GlobalAveragePool(inputShape: [3, 4, 5]), batch: 2)
    }

    @Test("dense gradients match finite differences, with and without bias")
    func dense() throws {
        check(try Dense(inputShape: [3, 2, 2], outFeatures: 5, bias: true), batch: 3)
        check(try Dense(inputShape: [7], outFeatures: 2, bias: false), batch: 4)
    }

    @Test("dropout with a fixed mask has gradients matching finite differences, and drops about p of the values")
    func dropout() throws {
        let layer = try Dropout(inputShape: [50], probability: 0.4)
        check(layer, batch: 4)
        let y = LayerRunner(layer: layer, batch: 40).forward([Float](repeating: 1, count: 2000), [])
        let dropped = Float(y.filter { $0 == 0 }.count) / 2000
        #expect(abs(dropped - 0.4) < 0.05)
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 1 / 0.6) < 1e-6 })
        let inference = LayerRunner(layer: layer, batch: 1).forward([1, 2, 3] + [Float](repeating: 0, count: 47), [], training: false)
        #expect(Array(inference.prefix(3)) == [1, 2, 3])
    }

    @Test("binary cross-entropy gradient matches finite differences, with class weights and extreme logits")
    func binaryCrossEntropy() {
        let logits: [Float] = [-3, -0.5, 0, 0.7, 2.5, 40, -40]
        let targets: [Float] = [0, 1, 1, 0, 1, 1, 0]
        let r = Loss.binaryCrossEntropy(logits: logits, targets: targets, positiveWeight: 2.5, negativeWeight: 0.7)
        let err = finiteDifferenceError(at: logits, analytic: r.dLogits, eps: 1e-3, floor: 1e-3) {
            Double(Loss.binaryCrossEntropy(logits: $0, targets: targets, positiveWeight: 2.5, negativeWeight: 0.7).loss)
        }
        #expect(err < tolerance)
        #expect(r.loss.isFinite)
        // Confident and right costs nothing; confident and wrong costs |z|.
        #expect(Loss.binaryCrossEntropy(logits: [100], targets: [1]).loss < 1e-6)
        #expect(abs(Loss.binaryCrossEntropy(logits: [-100], targets: [1]).loss - 100) < 1e-3)
    }
}
