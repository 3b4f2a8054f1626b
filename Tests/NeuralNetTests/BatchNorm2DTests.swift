import Testing
@testable import NeuralNet

@Suite("BatchNorm2D")
struct BatchNorm2DTests {
    @Test("training normalises each channel even with a large offset, and updates running stats with momentum")
    func trainingStatistics() throws {
        let (batch, c, hw) = (4, 2, 50)
        let layer = try BatchNorm2D(inputShape: [c, 5, 10], momentum: 0.1)
        // Channel 0 ~ 1000 + U(-1, 1) stresses cancellation; channel 1 ~ U(-1, 1) * 3.
        let noise = randomArray(batch * c * hw, seed: 41)
        var x = noise
        for n in 0..<batch { for i in 0..<hw { x[(n * c) * hw + i] += 1000; x[(n * c + 1) * hw + i] *= 3 } }
        let params: [Float] = [1, 1, 0, 0]
        let y = LayerRunner(layer: layer, batch: batch).forward(x, params)
        for ch in 0..<c {
            var values: [Double] = []
            for n in 0..<batch { for i in 0..<hw { values.append(Double(y[(n * c + ch) * hw + i])) } }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-3, "channel \(ch) mean \(mean)")
            #expect(abs(variance - 1) < 1e-2, "channel \(ch) variance \(variance)")
            var raw: [Double] = []
            for n in 0..<batch { for i in 0..<hw { raw.append(Double(x[(n * c + ch) * hw + i])) } }
            let rawMean = raw.reduce(0, +) / Double(raw.count)
            let unbiased = raw.map { ($0 - rawMean) * ($0 - rawMean) }.reduce(0, +) / Double(raw.count - 1)
            #expect(abs(Double(layer.runningMean[ch]) - 0.1 * rawMean) < 1e-3)
            #expect(abs(Double(layer.runningVariance[ch]) - (0.9 + 0.1 * unbiased)) < 1e-3)
        }
    }

    @Test("inference uses the running statistics, not the batch")
    func inferenceUsesRunningStats() throws {
        let layer = try BatchNorm2D(inputShape: [1, 1, 2])
        #expect(layer.setBuffer(named: "running_mean", to: [2]))
        #expect(layer.setBuffer(named: "running_var", to: [4 - 1e-5]))
        #expect(!layer.setBuffer(named: "running_var", to: [1, 2]))
        // gamma 3, beta 1: y = 3 * (x - 2) / 2 + 1
        let y = LayerRunner(layer: layer, batch: 1).forward([2, 6], [3, 1], training: false)
        #expect(abs(y[0] - 1) < 1e-5 && abs(y[1] - 7) < 1e-5)
    }
}
