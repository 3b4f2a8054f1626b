import Numerics
import Testing
@testable import Imaging

/// Naive reference percentile: sort a copy and interpolate linearly between neighbours.
func naivePercentile(_ values: [Float], _ p: Float) -> Float {
    let s = values.sorted()
    let position = Double(p) / 100 * Double(s.count - 1)
    let i = Int(position), t = Float(position - Double(i))
    return i + 1 < s.count ? s[i] + (s[i + 1] - s[i]) * t : s[i]
}

@Suite("Intensity")
struct IntensityTests {
    @Test("window/level maps center +- width/2 onto 0...1 and clamps outside")
    func windowLevel() {
        let image = GrayImage(width: 5, height: 1, pixels: [0, 40, 50, 60, 100])
        #expect(image.windowed(center: 50, width: 20).pixels == [0, 0, 0.5, 1, 1])
        #expect(image.windowed(center: 50, width: 0).pixels == [0, 0, 1, 1, 1])
    }

    @Test("invert mirrors values within the given range")
    func invert() {
        let image = GrayImage(width: 3, height: 1, pixels: [0, 100, 255])
        #expect(image.inverted(in: 0 ... 255).pixels == [255, 155, 0])
        #expect(image.inverted(in: 0 ... 255).inverted(in: 0 ... 255) == image)
    }

    @Test("percentiles equal the naive sort-based percentiles, ties and interpolation included")
    func percentilesMatchNaive() {
        var g = SplitMix64(seed: 11)
        let continuous = (0 ..< 5001).map { _ in g.normal(mean: 100, standardDeviation: 30) }
        let quantised = (0 ..< 4000).map { _ in Float(g.index(below: 256)) }
        for values in [continuous, quantised, [3, 1, 2], [7]] {
            let image = GrayImage(width: values.count, height: 1, pixels: values)
            let ps: [Float] = [0, 1, 2.5, 50, 97.5, 99, 100]
            let got = image.percentiles(ps)
            for (p, v) in zip(ps, got) {
                #expect(abs(v - naivePercentile(values, p)) <= 1e-3, "p\(p)")
            }
        }
        #expect(GrayImage(width: 4, height: 1, pixels: [1, 2, 3, 4]).percentile(50) == 2.5)
    }

    @Test("percentile normalisation sends the low and high percentiles to 0 and 1")
    func percentileNormalisation() {
        let image = GrayImage(width: 101, height: 1, pixels: (0 ... 100).map(Float.init))
        let out = image.percentileNormalized(low: 10, high: 90)
        #expect(out[10, 0] == 0 && out[90, 0] == 1)
        #expect(abs(out[50, 0] - 0.5) < 1e-6)
        #expect(out[0, 0] == 0 && out[100, 0] == 1)
        #expect(GrayImage(width: 3, height: 1, value: 9).percentileNormalized().pixels == [0, 0, 0])
    }

    @Test("mean and standard deviation are the population moments")
    func moments() {
        let image = GrayImage(width: 4, height: 2, pixels: [2, 4, 4, 4, 5, 5, 7, 9])
        let (mean, std) = image.meanAndStandardDeviation
        #expect(mean == 5)
        #expect(abs(std - 2) < 1e-6)
    }

    @Test("standardisation gives mean 0 and std 1, and flat images stay finite")
    func standardize() {
        var g = SplitMix64(seed: 4)
        let image = GrayImage(width: 33, height: 17, pixels: (0 ..< 561).map { _ in g.uniform(20 ... 230) })
        let (mean, std) = image.standardized().meanAndStandardDeviation
        #expect(abs(mean) < 1e-5)
        #expect(abs(std - 1) < 1e-5)
        let flat = GrayImage(width: 3, height: 3, value: 77).standardized()
        #expect(flat.pixels.allSatisfy { $0 == 0 })
    }
}
