import Imaging
import Numerics
import Testing
@testable import Explain

@Suite("LIME sampler and kernel")
struct LIMESamplerTests {
    @Test("row 0 is all on, paired rows are complements and every random row switches some off and keeps some on")
    func pairedDesign() {
        var rng = SplitMix64(seed: 1)
        let M = 20, n = 101
        let z = LIMESampler.masks(features: M, samples: n, paired: true, rng: &rng)
        #expect(z.count == n * M)
        #expect(z[0..<M].allSatisfy { $0 == 1 })
        for r in stride(from: 1, to: n - 1, by: 2) {
            for j in 0..<M { #expect(z[r * M + j] + z[(r + 1) * M + j] == 1) }
        }
        for r in 1..<n {
            let on = z[(r * M)..<((r + 1) * M)].reduce(0) { $0 + Int($1) }
            #expect(on >= 1 && on <= M - 1)
        }
    }

    @Test("unpaired sampling follows lime: 1...M switched off, uniformly many")
    func unpairedDesign() {
        var rng = SplitMix64(seed: 2)
        let M = 4, n = 4001
        let z = LIMESampler.masks(features: M, samples: n, paired: false, rng: &rng)
        var histogram = [Int](repeating: 0, count: M + 1)
        for r in 1..<n { histogram[M - z[(r * M)..<((r + 1) * M)].reduce(0) { $0 + Int($1) }] += 1 }
        #expect(histogram[0] == 0)
        for off in 1...M { #expect(abs(histogram[off] - (n - 1) / M) < 150, "\(histogram)") }
    }

    @Test("rendering keeps on-superpixels, fills off ones with their mean and can standardise")
    func render() {
        let image = Fixtures.blobs(width: 24, height: 16, seed: 4)
        let s = SLIC.segment(image: image, segments: 6)
        let M = s.count
        var z = [UInt8](repeating: 1, count: 2 * M)
        z[M] = 0  // row 1: segment 0 off
        let sampler = LIMESampler(image: image, segmentation: s)
        var out = [Float](repeating: -1, count: 2 * 24 * 16)
        z.withUnsafeBufferPointer { zb in out.withUnsafeMutableBufferPointer { sampler.render(z: zb, rows: 0..<2, into: $0) } }
        let P = 24 * 16
        #expect(Array(out[0..<P]) == image.pixels)
        for p in 0..<P {
            #expect(out[P + p] == (s.labels[p] == 0 ? s.means[0] : image.pixels[p]))
        }
        let standardising = LIMESampler(image: image, segmentation: s, fill: .constant(0), standardizeEpsilon: 1e-3)
        z.withUnsafeBufferPointer { zb in out.withUnsafeMutableBufferPointer { standardising.render(z: zb, rows: 1..<2, into: $0) } }
        let slot = out[0..<P]
        let mean = slot.reduce(0, +) / Float(P)
        let variance = slot.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(P)
        #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-3)
    }

    @Test("the kernel is lime's: weight 1 at the original, 1/sqrt(e) at distance width, falling with distance")
    func kernel() {
        #expect(LIMEKernel.cosineDistance(on: 10, features: 10) == 0)
        #expect(LIMEKernel.cosineDistance(on: 0, features: 10) == 1)
        #expect(abs(LIMEKernel.cosineDistance(on: 25, features: 100) - 0.5) < 1e-12)
        #expect(LIMEKernel.weight(distance: 0) == 1)
        #expect(abs(LIMEKernel.weight(distance: 0.25, width: 0.25) - 0.6065306597) < 1e-9)
        #expect(LIMEKernel.weight(distance: 0.5) < LIMEKernel.weight(distance: 0.3))
    }

    @Test("bad LIME inputs are typed errors: too few samples, too many superpixels, a classifier returning the wrong count")
    func badInputs() {
        let image = Fixtures.noise(width: 70, height: 70, seed: 3)
        let s = SLIC.segment(image: image, segments: 20)
        var options = LIMEOptions()
        options.samples = 1
        #expect(throws: ExplainError.self) {
            try LIME.explain(image: image, segmentation: s, options: options, seed: 1) { _, n in [Double](repeating: 0, count: n) }
        }
        #expect(throws: ExplainError.self) {
            try LIME.explain(image: image, segmentation: s, seed: 1) { _, n in [Double](repeating: 0, count: n + 1) }
        }
        // One superpixel per pixel: 4,900 features.
        let fine = Segmentation(width: 70, height: 70, labels: (0..<4900).map { Int32($0) }, count: 4900, image: image)
        #expect(throws: ExplainError.self) {
            try LIME.explain(image: image, segmentation: fine, seed: 1) { _, n in [Double](repeating: 0, count: n) }
        }
    }
}
