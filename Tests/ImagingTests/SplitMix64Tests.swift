import Testing
@testable import Imaging

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

    @Test("stableShuffle is Fisher-Yates over index(below:), one draw per position from the end")
    func stableShuffle() {
        var g = SplitMix64(seed: 9)
        var shuffled = Array(0 ..< 10)
        g.stableShuffle(&shuffled)
        var reference = SplitMix64(seed: 9)
        var expected = Array(0 ..< 10)
        for i in (1 ..< 10).reversed() { expected.swapAt(i, reference.index(below: i + 1)) }
        #expect(shuffled == expected)
        #expect(Set(shuffled) == Set(0 ..< 10) && shuffled != Array(0 ..< 10))
        #expect(g.next() == reference.next())   // exactly nine draws consumed
    }
}
