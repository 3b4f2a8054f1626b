import Testing
@testable import Imaging

@Suite("Chest phantom")
struct ChestPhantomTests {
    /// Mean over a box given in film fractions.
    func boxMean(_ image: GrayImage, _ u0: Float, _ u1: Float, _ v0: Float, _ v1: Float) -> Float {
        var sum: Float = 0, n: Float = 0
        for y in Int(v0 * Float(image.height)) ..< Int(v1 * Float(image.height)) {
            for x in Int(u0 * Float(image.width)) ..< Int(u1 * Float(image.width)) {
                sum += image[x, y]; n += 1
            }
        }
        return sum / n
    }

    @Test("the same arguments give bitwise-identical pixels")
    func deterministic() {
        let a = ChestPhantom.render(width: 96, height: 80, seed: 12345, pneumonia: true)
        let b = ChestPhantom.render(width: 96, height: 80, seed: 12345, pneumonia: true)
        #expect(a.pixels.map(\.bitPattern) == b.pixels.map(\.bitPattern))
    }

    @Test("different seeds give different films, and pneumonia changes the film for one seed")
    func seedsDiffer() {
        let a = ChestPhantom.render(width: 64, height: 64, seed: 1, pneumonia: false)
        let b = ChestPhantom.render(width: 64, height: 64, seed: 2, pneumonia: false)
        let c = ChestPhantom.render(width: 64, height: 64, seed: 1, pneumonia: true)
        #expect(a != b)
        #expect(a != c)
    }

    @Test("pixels lie in 0...255 and the film has the requested size")
    func rangeAndSize() {
        let image = ChestPhantom.render(width: 70, height: 50, seed: 3, pneumonia: true)
        #expect(image.width == 70 && image.height == 50)
        #expect(image.pixels.allSatisfy { $0 >= 0 && $0 <= 255 })
        #expect(ChestPhantom.render(width: 0, height: 0, seed: 3, pneumonia: false).isEmpty)
    }

    @Test("lung fields are darker than the mediastinum and the abdomen on every seed")
    func coarseAnatomy() {
        for seed: UInt64 in 0 ..< 8 {
            let image = ChestPhantom.render(width: 128, height: 128, seed: seed, pneumonia: false)
            // Mid-lung boxes either side of the midline, well inside the varied thorax.
            let rightLung = boxMean(image, 0.27, 0.36, 0.3, 0.45)
            let leftLung = boxMean(image, 0.64, 0.73, 0.3, 0.45)
            let mediastinum = boxMean(image, 0.47, 0.53, 0.55, 0.65)
            let abdomen = boxMean(image, 0.35, 0.65, 0.9, 0.98)
            #expect(rightLung + 40 < mediastinum, "seed \(seed)")
            #expect(leftLung + 40 < mediastinum, "seed \(seed)")
            #expect(max(rightLung, leftLung) + 40 < abdomen, "seed \(seed)")
        }
    }

    @Test("the heart shadow extends further to the image right than the left")
    func heartOnTheLeft() {
        var rightSide: Float = 0, leftSide: Float = 0
        for seed: UInt64 in 0 ..< 6 {
            let image = ChestPhantom.render(width: 128, height: 128, seed: seed, pneumonia: false)
            // Lower chest, just either side of the mediastinum at heart level.
            rightSide += boxMean(image, 0.58, 0.64, 0.55, 0.62)
            leftSide += boxMean(image, 0.36, 0.42, 0.55, 0.62)
        }
        #expect(rightSide > leftSide + 6 * 15)
    }

    @Test("pneumonia films have brighter lung fields than normal films of the same seeds")
    func pneumoniaIsBrighter() {
        var normal: Float = 0, pneumonia: Float = 0
        for seed: UInt64 in 0 ..< 8 {
            let n = ChestPhantom.render(width: 96, height: 96, seed: seed, pneumonia: false)
            let p = ChestPhantom.render(width: 96, height: 96, seed: seed, pneumonia: true)
            // Both lung fields, generously boxed.
            let nLungs = boxMean(n, 0.2, 0.42, 0.25, 0.65) + boxMean(n, 0.6, 0.8, 0.25, 0.65)
            let pLungs = boxMean(p, 0.2, 0.42, 0.25, 0.65) + boxMean(p, 0.6, 0.8, 0.25, 0.65)
            #expect(pLungs >= nLungs - 1, "seed \(seed)")
            normal += nLungs; pneumonia += pLungs
        }
        #expect(pneumonia > normal + 8 * 2 * 5)
    }
}
