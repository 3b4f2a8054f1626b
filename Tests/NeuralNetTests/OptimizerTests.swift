import Testing
@testable import NeuralNet

@Suite("AdamW and schedule")
struct OptimizerTests {
    @Test("AdamW with a decaying schedule converges on a scaled quadratic")
    func convergesOnQuadratic() {
        let target: [Float] = [3, -2, 0.5, 10, -7]
        let curvature: [Float] = [1, 10, 0.1, 2, 5]
        var p = [Float](repeating: 0, count: 5)
        var adam = AdamW(parameterCount: 5, decayRanges: [], weightDecay: 0)
        let steps = 3000
        for step in 0..<steps {
            let g = (0..<5).map { 2 * curvature[$0] * (p[$0] - target[$0]) }
            let lr = warmupCosineLearningRate(step: step, totalSteps: steps, warmupSteps: 50, peak: 0.1)
            adam.update(parameters: &p, gradients: g, learningRate: lr)
        }
        for i in 0..<5 { #expect(abs(p[i] - target[i]) < 1e-2, "p[\(i)] = \(p[i])") }
        #expect(adam.step == steps)
    }

    @Test("an optimizer restored from saved moments continues exactly like the original")
    func restore() {
        var p: [Float] = [1, -2, 3]
        var a = AdamW(parameterCount: 3, decayRanges: [0..<3], weightDecay: 0.1)
        for _ in 0..<5 { a.update(parameters: &p, gradients: p.map { $0 * 0.5 }, learningRate: 0.01) }
        var b = AdamW(parameterCount: 3, decayRanges: [0..<3], weightDecay: 0.1)
        let restored = b.restore(step: a.step, m: a.m, v: a.v)
        let rejected = b.restore(step: 1, m: [0], v: [0])
        #expect(restored)
        #expect(!rejected)
        var pa = p, pb = p
        a.update(parameters: &pa, gradients: [0.1, 0.2, 0.3], learningRate: 0.01)
        b.update(parameters: &pb, gradients: [0.1, 0.2, 0.3], learningRate: 0.01)
        #expect(pa == pb)
    }

    @Test("weight decay shrinks only the decayed ranges, by (1 - lr * wd) per step with zero gradient")
    func decoupledDecay() {
        var p: [Float] = [1, 1, 1, 1]
        var adam = AdamW(parameterCount: 4, decayRanges: [1..<3], weightDecay: 0.5)
        for _ in 0..<3 { adam.update(parameters: &p, gradients: [0, 0, 0, 0], learningRate: 0.1) }
        let shrunk = Float(0.95 * 0.95 * 0.95)
        #expect(p[0] == 1 && p[3] == 1)
        #expect(abs(p[1] - shrunk) < 1e-6 && abs(p[2] - shrunk) < 1e-6)
    }

    @Test("warm-up ends at the peak, cosine reaches the floor at the last step and passes the midpoint halfway")
    func schedule() {
        func lr(_ s: Int) -> Float { warmupCosineLearningRate(step: s, totalSteps: 110, warmupSteps: 10, peak: 1e-3, floor: 1e-5) }
        #expect(abs(lr(0) - 1e-4) < 1e-9)
        #expect(abs(lr(9) - 1e-3) < 1e-9)
        #expect(lr(5) < lr(9) && lr(20) < lr(9))
        #expect(abs(lr(109) - 1e-5) < 1e-9)
        #expect(abs(lr(500) - 1e-5) < 1e-9)
        // Halfway through the 100 decay steps (step 9 + 50) the cosine is at its midpoint.
        #expect(abs(lr(59) - (1e-3 + 1e-5) / 2) < 1e-8)
    }
}
