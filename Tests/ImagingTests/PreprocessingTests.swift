import Numerics
import Testing
@testable import Imaging

@Suite("Preprocessing")
struct PreprocessingTests {
    let film: GrayImage = {
        var g = SplitMix64(seed: 21)
        return GrayImage(width: 300, height: 250, pixels: (0 ..< 75_000).map { _ in g.uniform(0 ... 255) })
    }()

    @Test("apply resizes to a square input with mean 0 and std 1")
    func applyShapeAndMoments() {
        let p = Preprocessing(inputSize: 32)
        let out = p.apply(film)
        #expect(out.width == 32 && out.height == 32)
        let (mean, std) = out.meanAndStandardDeviation
        #expect(abs(mean) < 1e-4 && abs(std - 1) < 1e-4)
    }

    @Test("apply equals resize followed by standardisation")
    func applyIsResizeThenStandardise() {
        let p = Preprocessing(inputSize: 40)
        let expected = film.resized(width: 40, height: 40).standardized(epsilon: p.epsilon)
        #expect(close(p.apply(film).pixels, expected.pixels, tolerance: 1e-5))
    }

    @Test("applyInto writes the same floats into a batch slot and leaves the rest alone")
    func applyIntoMatchesApply() {
        let p = Preprocessing(inputSize: 16)
        var batch = [Float](repeating: -7, count: 3 * 256)
        batch.withUnsafeMutableBufferPointer { b in
            p.applyInto(film, destination: UnsafeMutableBufferPointer(rebasing: b[256 ..< 512]))
        }
        #expect(Array(batch[256 ..< 512]) == p.apply(film).pixels)
        #expect(batch[0 ..< 256].allSatisfy { $0 == -7 } && batch[512...].allSatisfy { $0 == -7 })
    }

    @Test("preprocessing ignores global exposure: gain and offset give the same input")
    func exposureInvariant() {
        var brighter = film
        brighter.pixels = brighter.pixels.map { $0 * 0.6 + 40 }
        let p = Preprocessing(inputSize: 24)
        #expect(close(p.apply(brighter).pixels, p.apply(film).pixels, tolerance: 1e-3))
    }

    @Test("an empty image becomes an all-zero input and an already square input is only standardised")
    func edgeCases() {
        let p = Preprocessing(inputSize: 8)
        #expect(p.apply(GrayImage(width: 0, height: 0)).pixels == [Float](repeating: 0, count: 64))
        let square = GrayImage(width: 8, height: 8, pixels: (0 ..< 64).map(Float.init))
        #expect(p.apply(square) == square.standardized(epsilon: p.epsilon))
        #expect(p.description.contains("8x8"))
    }
}
