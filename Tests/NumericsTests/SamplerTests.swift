import Testing
import Foundation
import Numerics

@Suite("SplitMix64 and samplers")
struct SplitMix64Tests {
    @Test("the same seed gives the same stream and different seeds differ")
    func reproducible() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let sa = (0 ..< 16).map { _ in a.next() }
        let sb = (0 ..< 16).map { _ in b.next() }
        let sc = (0 ..< 16).map { _ in c.next() }
        #expect(sa == sb)
        #expect(sa != sc)
    }

    @Test("the first output for seed 0 matches the published SplitMix64 reference value")
    func referenceValue() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test("uniform floats stay in their range and average to the middle")
    func uniformRange() {
        var g = SplitMix64(seed: 7)
        var sum: Double = 0
        for _ in 0 ..< 20_000 {
            let v = g.uniform(-3 ... 5)
            #expect(v >= -3 && v <= 5)
            sum += Double(v)
        }
        #expect(abs(sum / 20_000 - 1) < 0.08)
        #expect(g.uniform(2 ... 2) == 2)
    }

    @Test("standard normal samples have mean near 0 and variance near 1")
    func normalMoments() {
        var g = SplitMix64(seed: 9)
        let xs = (0 ..< 40_000).map { _ in Double(g.standardNormal()) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.04)
        #expect(xs.allSatisfy { $0.isFinite })
    }

    @Test("index(below:) covers every value and never reaches the bound")
    func indexBelow() {
        var g = SplitMix64(seed: 3)
        var seen = Set<Int>()
        for _ in 0 ..< 2000 {
            let i = g.index(below: 7)
            #expect(i >= 0 && i < 7)
            seen.insert(i)
        }
        #expect(seen.count == 7)
    }

    @Test("derived sub-streams differ from each other and are reproducible")
    func derivedStreams() {
        let base = SplitMix64(seed: 5)
        var d0 = base.derived(0), d1 = base.derived(1), d0again = base.derived(0)
        let x0 = d0.next(), x1 = d1.next()
        #expect(x0 != x1)
        #expect(d0again.next() == x0)
    }

    @Test("stableShuffle is Fisher-Yates over index(below:), one draw per position from the front")
    func stableShuffle() {
        var g = SplitMix64(seed: 9)
        var shuffled = Array(0 ..< 10)
        g.stableShuffle(&shuffled)
        var reference = SplitMix64(seed: 9)
        var expected = Array(0 ..< 10)
        for i in 0 ..< 9 { expected.swapAt(i, i + reference.index(below: 10 - i)) }
        #expect(shuffled == expected)
        #expect(Set(shuffled) == Set(0 ..< 10) && shuffled != Array(0 ..< 10))
        #expect(g.next() == reference.next())   // exactly nine draws consumed
    }

    // Pinned first values: a change here changes every seeded result (splits, augmentation,
    // phantoms, initial weights, LIME samples). Never update these to make a test pass.
    @Test("the first values of every sampler are pinned for seed 2024")
    func pinnedValues() {
        var g = SplitMix64(seed: 2024)
        #expect(g.next() == PinnedDraws.next)
        #expect(g.unitFloat() == PinnedDraws.unitFloat)
        #expect(g.uniform(Float(-1) ... 1) == PinnedDraws.uniformFloat)
        #expect(g.unitDouble() == PinnedDraws.unitDouble)
        #expect(g.uniform(Double.ulpOfOne ..< 1) == PinnedDraws.uniformDouble)
        #expect(g.index(below: 1000) == PinnedDraws.index)
        #expect(g.standardNormal() == PinnedDraws.standardNormal)
        var order = Array(0 ..< 8)
        g.stableShuffle(&order)
        #expect(order == PinnedDraws.shuffle)
        #expect(g.derived(3).state == PinnedDraws.derivedState)
    }

    @Test("uniform over a Double range never returns the upper bound and spans it")
    func uniformDouble() {
        var g = SplitMix64(seed: 11)
        let xs = (0 ..< 10_000).map { _ in g.uniform(2.0 ..< 3.0) }
        #expect(xs.allSatisfy { $0 >= 2 && $0 < 3 })
        #expect(xs.min()! < 2.01 && xs.max()! > 2.99)
    }

    @Test("Box-Muller: cosine and sine partners are both standard normal and uncorrelated")
    func boxMullerPairs() {
        var g = SplitMix64(seed: 13)
        var sc = 0.0, ss = 0.0, scs = 0.0
        let n = 20_000
        for _ in 0 ..< n {
            let (c, s) = boxMuller(u1: g.uniform(Double.ulpOfOne ..< 1), u2: g.uniform(0 ..< 1))
            sc += c * c; ss += s * s; scs += c * s
        }
        #expect(abs(sc / Double(n) - 1) < 0.05 && abs(ss / Double(n) - 1) < 0.05)
        #expect(abs(scs / Double(n)) < 0.03)
    }
}

/// The values `pinnedValues` expects, recorded once from these samplers (which, on Swift 6.3,
/// also matched the standard library's `shuffle`, `Int.random` and `Double.random` for 200 seeds).
private enum PinnedDraws {
    static let next: UInt64 = 11_487_996_472_437_173_461
    static let unitFloat: Float = 0.097231865
    static let uniformFloat: Float = -0.40284777
    static let unitDouble: Double = 0.9504245195692064
    static let uniformDouble: Double = 0.02360791799047445
    static let index = 552
    static let standardNormal: Float = -0.4459514
    static let shuffle = [1, 3, 4, 7, 0, 6, 5, 2]
    static let derivedState: UInt64 = 9_170_758_616_306_616_461
}

@Test("log loss is zero for confident right answers, log 2 at one half, and large for confident wrong ones")
func logLossValues() {
    #expect(meanLogLoss(probabilities: [1, 0], labels: [1, 0]) < 1e-6)
    #expect(abs(meanLogLoss(probabilities: [0.5, 0.5], labels: [1, 0]) - log(2.0)) < 1e-12)
    #expect(meanLogLoss(probabilities: [0, 1], labels: [1, 0]) > 15)   // clamped, finite
    #expect(meanLogLoss(probabilities: [0.9, 0.2], labels: [1, 0])
            < meanLogLoss(probabilities: [0.6, 0.4], labels: [1, 0]))
}

@Test("the logistic helpers agree with their definitions and stay finite at ±1000")
func logisticHelpers() {
    for x in [-20.0, -2, 0, 0.5, 7] {   // logit clamps p to 1e-12, so |x| <= 27
        #expect(abs(sigmoid(x) - 1 / (1 + exp(-x))) < 1e-15)
        #expect(abs(softplus(x) - log(1 + exp(x))) < 1e-12)
        #expect(abs(logLoss(logit: x, target: 1) + log(sigmoid(x))) < 1e-9)
        #expect(abs(logit(sigmoid(x)) - x) < 1e-6)
    }
    for x in [-1000.0, 1000] { #expect(sigmoid(x).isFinite && softplus(x).isFinite && logLoss(logit: x, target: 0.3).isFinite) }
}
