import Imaging
import Numerics
import Testing
@testable import Explain

/// Sanity checks that cannot pass by accident: the classifier's dependence on the image is known.
@Suite("LIME sanity")
struct LIMESanityTests {
    static let size = 64
    /// The region the synthetic classifiers look at: x in 38..<56, y in 6..<22.
    static let rect = (x: 38..<56, y: 6..<22)

    static func inRect(_ p: Int) -> Bool { rect.x.contains(p % size) && rect.y.contains(p / size) }

    /// Mean value of the rectangle in each packed image.
    static func rectangleMean(_ inputs: [Float], _ count: Int) -> [Double] {
        let P = size * size, area = Double(rect.x.count * rect.y.count)
        return (0..<count).map { i in
            var sum = 0.0
            for y in rect.y { for x in rect.x { sum += Double(inputs[i * P + y * size + x]) } }
            return sum / area
        }
    }

    /// Texture inside the rectangle: mean absolute horizontal difference.
    static func rectangleTexture(_ inputs: [Float], _ count: Int) -> [Double] {
        let P = size * size
        return (0..<count).map { i in
            var sum = 0.0
            for y in rect.y { for x in rect.x { sum += Double(abs(inputs[i * P + y * size + x + 1] - inputs[i * P + y * size + x])) } }
            return 10 * sum / Double(rect.x.count * rect.y.count)
        }
    }

    /// Overlap (fraction of the segment's pixels inside the rectangle) per segment.
    static func overlap(_ s: Segmentation) -> [Double] {
        var inside = [Int](repeating: 0, count: s.count)
        for (p, l) in s.labels.enumerated() where inRect(p) { inside[Int(l)] += 1 }
        return (0..<s.count).map { Double(inside[$0]) / Double(s.sizes[$0]) }
    }

    static func setUp() -> (GrayImage, Segmentation) {
        let image = Fixtures.blobs(width: size, height: size, seed: 11)
        // Lift the image to positive values so a constant-0 fill lowers the rectangle's mean.
        let lifted = GrayImage(width: size, height: size, pixels: image.pixels.map { $0 + 50 })
        return (lifted, SLIC.segment(image: lifted, segments: 40))
    }

    @Test("a classifier of the mean brightness in a rectangle gets the rectangle's superpixels as top features")
    func rectangleBrightness() throws {
        let (image, s) = Self.setUp()
        var options = LIMEOptions()
        options.fill = .constant(0)
        options.samples = 600
        let e = try LIME.explain(image: image, segmentation: s, options: options, seed: 3, classify: Self.rectangleMean)
        let overlap = Self.overlap(s)
        let touching = (0..<s.count).filter { overlap[$0] > 0 }
        #expect(!touching.isEmpty && touching.count < s.count / 2)
        // The segments touching the rectangle, and only they, form the top of the ranking.
        let substantial = Set(touching.filter { overlap[$0] > 0.2 })
        #expect(substantial.isSubset(of: Set(e.topSupporting(touching.count))), "top \(e.topSupporting(touching.count)) vs \(touching)")
        let largest = e.weights.map(abs).max()!
        for k in 0..<s.count where overlap[k] == 0 { #expect(abs(e.weights[k]) < 0.02 * largest, "segment \(k)") }
        // The surrogate is exact for this linear classifier.
        #expect(try #require(e.r2) > 0.99)
    }

    @Test("a classifier of the texture in a rectangle, with mean fill, points at the rectangle too")
    func rectangleTexture() throws {
        let image = Fixtures.noise(width: Self.size, height: Self.size, lo: 0, hi: 100, seed: 12)
        let s = SLIC.segment(image: image, segments: 40, compactness: 30)
        let e = try LIME.explain(image: image, segmentation: s, seed: 4, classify: Self.rectangleTexture)
        let overlap = Self.overlap(s)
        // Every segment mostly inside outranks every segment outside, and the top one covers the most of it.
        let mostlyInside = (0..<s.count).filter { overlap[$0] > 0.5 }
        let outside = (0..<s.count).filter { overlap[$0] == 0 }
        #expect(!mostlyInside.isEmpty)
        for i in mostlyInside { for o in outside { #expect(e.weights[i] > e.weights[o], "segment \(i) vs \(o)") } }
        let covered = (0..<s.count).map { overlap[$0] * Double(s.sizes[$0]) }
        #expect(covered[e.topSupporting(1)[0]] >= 0.5 * covered.max()!)
        let largest = e.weights.map(abs).max()!
        for k in 0..<s.count where overlap[k] == 0 { #expect(abs(e.weights[k]) < 0.1 * largest) }
    }

    @Test("a classifier that ignores the image gets zero weights and an undefined R²")
    func ignoresImage() throws {
        let (image, s) = Self.setUp()
        let e = try LIME.explain(image: image, segmentation: s, seed: 5) { _, count in [Double](repeating: 0.7, count: count) }
        #expect(e.weights.allSatisfy { abs($0) < 1e-9 })
        #expect(abs(e.intercept - 0.7) < 1e-9)
        #expect(e.r2 == nil)
        #expect(e.score == 0.7)
    }

    @Test("a classifier returning noise unrelated to the image gets small weights and R² near 0")
    func noiseClassifier() throws {
        let (image, s) = Self.setUp()
        var noise = SplitMix64(seed: 99)
        let e = try LIME.explain(image: image, segmentation: s, seed: 6) { _, count in
            (0..<count).map { _ in Double(noise.standardNormal()) }
        }
        // A real effect of one superpixel flipping the score by 1 would give |weight| near 1.
        #expect(e.weights.allSatisfy { abs($0) < 0.35 }, "\(e.weights.map(abs).max()!)")
        #expect(try #require(e.r2) < 0.15)
    }

    @Test("the same seed gives an identical explanation and another seed a different one")
    func reproducible() throws {
        let image = Fixtures.noise(width: Self.size, height: Self.size, lo: 0, hi: 100, seed: 12)
        let s = SLIC.segment(image: image, segments: 30)
        let a = try LIME.explain(image: image, segmentation: s, seed: 8, classify: Self.rectangleTexture)
        let b = try LIME.explain(image: image, segmentation: s, seed: 8, classify: Self.rectangleTexture)
        let c = try LIME.explain(image: image, segmentation: s, seed: 9, classify: Self.rectangleTexture)
        #expect(a == b)
        #expect(a.weights != c.weights)
        #expect(a.seed == 8 && a.samples == 1000)
    }

    @Test("the classifier sees batches of at most the batch size, covering every sample once")
    func batching() throws {
        let (image, s) = Self.setUp()
        var options = LIMEOptions()
        options.samples = 150
        options.batchSize = 64
        var calls: [Int] = []
        _ = try LIME.explain(image: image, segmentation: s, options: options, seed: 1) { inputs, count in
            calls.append(count)
            #expect(inputs.count == count * Self.size * Self.size)
            return Self.rectangleMean(inputs, count)
        }
        #expect(calls == [64, 64, 22])
    }
}
