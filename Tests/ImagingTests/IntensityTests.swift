import Numerics
import Testing
@testable import Imaging

@Suite("Intensity")
struct IntensityTests {
    @Test("invert mirrors values within the given range")
    func invert() {
        let image = GrayImage(width: 3, height: 1, pixels: [0, 100, 255])
        #expect(image.inverted(in: 0 ... 255).pixels == [255, 155, 0])
        #expect(image.inverted(in: 0 ... 255).inverted(in: 0 ... 255) == image)
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
