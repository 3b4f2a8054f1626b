import Imaging
import Numerics
import Testing
@testable import NeuralNet

@Suite("Batch-norm re-estimation (AdaBN)")
struct BatchNormAdaptationTests {
    @Test("every BN layer takes the exact statistics of the new films, the second one seeing the first already re-normalised")
    func statisticsAreExact() throws {
        var rng = SplitMix64(seed: 3)
        let network = try Network(architecture: "bn; relu; conv out=3 k=3 s=1 p=1 bias=0; bn; relu; gap; dense out=1 bias=1",
                                  inputShape: [1, 8, 8], rng: &rng)
        // New films: offset 5, scale 2 (the training statistics are still 0 and 1).
        let batch = 6
        let x = randomArray(batch * 64, seed: 9).map { 5 + 2 * $0 }
        let before = network.forward(Tensor(shape: [batch, 1, 8, 8], storage: x), training: false, rng: &rng)
        network.reestimateBatchNormStatistics(Tensor(shape: [batch, 1, 8, 8], storage: x), rng: &rng)
        let first = network.layers[0] as! BatchNorm2D
        let mean = x.map(Double.init).reduce(0, +) / Double(x.count)
        let unbiased = x.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(x.count - 1)
        #expect(abs(Double(first.runningMean[0]) - mean) < 1e-4)
        #expect(abs(Double(first.runningVariance[0]) - unbiased) < 1e-3)
        // In inference mode the second BN's input now has, per channel, the mean it stored.
        let second = network.layers[3] as! BatchNorm2D
        #expect(!first.adoptsBatchStatistics && !second.adoptsBatchStatistics)
        let after = network.forward(Tensor(shape: [batch, 1, 8, 8], storage: x), training: false, rng: &rng)
        #expect(after.storage != before.storage)
        // A second pass over the same films changes nothing: the statistics are a fixed point.
        let stored = second.runningMean
        network.reestimateBatchNormStatistics(Tensor(shape: [batch, 1, 8, 8], storage: x), rng: &rng)
        #expect(zip(second.runningMean, stored).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
