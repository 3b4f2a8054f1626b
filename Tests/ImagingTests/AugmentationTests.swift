import Numerics
import Testing
@testable import Imaging

@Suite("Augmentation and affine warp")
struct AugmentationTests {
    let film: GrayImage = {
        var g = SplitMix64(seed: 8)
        return GrayImage(width: 40, height: 30, pixels: (0 ..< 1200).map { _ in g.uniform(0 ... 255) })
    }()

    @Test("identity parameters return the image unchanged")
    func identity() {
        var g = SplitMix64(seed: 1)
        #expect(Augmentation.identity.apply(to: film, using: &g) == film)
        #expect(film.warpAffine(.identity) == film)
    }

    @Test("a 90-degree rotation of an asymmetric 3x3 image turns it counter-clockwise")
    func rotate90() {
        let image = GrayImage(width: 3, height: 3, pixels: [1, 2, 3,
                                                             4, 5, 6,
                                                             7, 8, 9])
        let out = image.warpAffine(AffineTransform(rotationDegrees: 90))
        #expect(close(out.pixels, [3, 6, 9,
                                   2, 5, 8,
                                   1, 4, 7], tolerance: 1e-4))
    }

    @Test("a whole-pixel shift moves content and replicates the edge")
    func shift() {
        let image = GrayImage(width: 4, height: 1, pixels: [1, 2, 3, 4])
        let out = image.warpAffine(AffineTransform(shiftX: 1))
        #expect(out.pixels == [1, 1, 2, 3])
    }

    @Test("zoom 2 about the centre magnifies the middle")
    func zoom() {
        let image = GrayImage(width: 5, height: 1, pixels: [0, 10, 20, 30, 40])
        let out = image.warpAffine(AffineTransform(zoom: 2))
        #expect(close(out.pixels, [10, 15, 20, 25, 30]))
    }

    @Test("the same seed gives the same augmented image")
    func sameSeed() {
        var a = SplitMix64(seed: 99), b = SplitMix64(seed: 99)
        #expect(Augmentation.chestFilm.apply(to: film, using: &a) == Augmentation.chestFilm.apply(to: film, using: &b))
    }

    @Test("different seeds give different augmented images")
    func differentSeeds() {
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 2)
        #expect(Augmentation.chestFilm.apply(to: film, using: &a) != Augmentation.chestFilm.apply(to: film, using: &b))
    }

    @Test("draws stay inside the configured ranges and results stay inside the intensity range")
    func drawsInRange() {
        var g = SplitMix64(seed: 5)
        let aug = Augmentation.chestFilm
        for _ in 0 ..< 200 {
            let d = aug.draw(width: 100, height: 50, using: &g)
            #expect(abs(d.transform.rotationDegrees) <= 7)
            #expect(aug.zoomRange.contains(d.transform.zoom))
            #expect(abs(d.transform.shiftX) <= 6.0001 && abs(d.transform.shiftY) <= 3.0001)
            #expect(aug.contrastRange.contains(d.contrast) && aug.gammaRange.contains(d.gamma))
        }
        let out = aug.apply(to: film, using: &g)
        #expect(out.pixels.allSatisfy { $0 >= 0 && $0 <= 255 })
    }

    @Test("every preset consumes the same number of draws, so one film's draw never shifts the next film's")
    func drawsStayAligned() {
        for aug in [Augmentation.chestFilm, .acquisitionRobust, .siteRobust, .siteShift] {
            var g = SplitMix64(seed: 3)
            _ = aug.draw(width: 64, height: 64, using: &g)
            var reference = SplitMix64(seed: 3)
            for _ in 0 ..< 18 { _ = reference.next() }
            #expect(g.next() == reference.next())
        }
    }

    @Test("processing lifts local contrast: a step edge overshoots on both sides, flat areas stay flat")
    func processingSharpensEdges() {
        var aug = Augmentation.identity
        aug.processingRange = 1 ... 1
        aug.processingProbability = 1
        let step = GrayImage(width: 40, height: 8, pixels: (0 ..< 320).map { Float($0 % 40 < 20 ? 60 : 160) })
        var g = SplitMix64(seed: 1)
        let d = aug.draw(width: 40, height: 8, using: &g)
        #expect(d.processing == 1 && (2 ... 5).contains(d.processingRadius))
        let out = aug.apply(d, to: step)
        #expect(out[19, 4] < 60 && out[20, 4] > 160)          // undershoot and overshoot at the edge
        #expect(abs(out[0, 4] - 60) < 1e-3 && abs(out[39, 4] - 160) < 1e-3)   // far from it, unchanged
    }

    @Test("box blur equals the naive window mean with replicated edges")
    func boxBlurMatchesNaive() {
        let r = 3
        let out = film.boxBlurred(radius: r)
        for y in [0, 1, 14, 29] {
            for x in [0, 2, 20, 39] {
                var sum: Float = 0
                for dy in -r ... r { for dx in -r ... r { sum += film[min(max(x + dx, 0), 39), min(max(y + dy, 0), 29)] } }
                #expect(abs(out[x, y] - sum / Float((2 * r + 1) * (2 * r + 1))) < 1e-3)
            }
        }
    }

    @Test("brightness alone adds its fraction of the intensity span")
    func brightnessOnly() {
        let aug = Augmentation(maxRotationDegrees: 0, maxShiftFraction: 0, zoomRange: 1 ... 1,
                               brightnessRange: 0.1 ... 0.1, contrastRange: 1 ... 1, gammaRange: 1 ... 1,
                               intensityRange: 0 ... 100)
        var g = SplitMix64(seed: 0)
        let image = GrayImage(width: 3, height: 1, pixels: [0, 50, 95])
        #expect(close(aug.apply(to: image, using: &g).pixels, [10, 60, 100]))
    }
}

@Suite("Test-time views")
struct TestTimeViewTests {
    @Test("test-time views start with the untouched film and all keep the size")
    func views() {
        let film = ChestPhantom.render(width: 48, height: 40, seed: 4, pneumonia: false)
        let views = AffineTransform.testTimeViews.map { film.warpAffine($0) }
        #expect(views.first == film)
        #expect(views.allSatisfy { $0.width == 48 && $0.height == 40 })
        #expect(Set(views.map { $0.pixels.map(\.bitPattern) }).count == views.count)
    }
}

@Test("black level lifts or crushes only the toe of the tone curve; the shoulder bend only the bright tones")
func toneBends() {
    let ramp = GrayImage(width: 256, height: 1, pixels: (0..<256).map(Float.init))
    let lifted = Augmentation.bendTone(ramp, blackLevel: 0.1, highlight: 0, range: 0...255)
    #expect(abs(lifted.pixels[0] - 25.5) < 0.01)                  // black rises to the floor
    #expect(abs(lifted.pixels[200] - 200) < 2.0)                  // mid and bright tones barely move
    #expect(zip(lifted.pixels, lifted.pixels.dropFirst()).allSatisfy { $0 <= $1 })
    let crushed = Augmentation.bendTone(ramp, blackLevel: -0.06, highlight: 0, range: 0...255)
    #expect(crushed.pixels[10] == 0 && crushed.pixels[255] == 255)
    let shoulder = Augmentation.bendTone(ramp, blackLevel: 0, highlight: 0.15, range: 0...255)
    #expect(shoulder.pixels[0] == 0 && abs(shoulder.pixels[255] - 255) < 0.01)  // black and white stay put
    #expect(shoulder.pixels[235] > 245 && abs(shoulder.pixels[60] - 60) < 10)   // bright tones lift most, mid tones under 4%
    #expect(zip(shoulder.pixels, shoulder.pixels.dropFirst()).allSatisfy { $0 <= $1 })
}

@Test("site-shift draws move the black level in about two films of three")
func siteShiftDrawsBlackLevel() {
    var g = SplitMix64(seed: 11)
    var moved = 0
    for _ in 0..<600 {
        let d = Augmentation.siteShift.draw(width: 64, height: 64, using: &g)
        #expect((-0.06...0.12).contains(d.blackLevel) && (0...0.15).contains(d.highlight))
        if d.blackLevel != 0 { moved += 1 }
    }
    #expect((340...460).contains(moved))
}

@Test("burnt-in markers ink only pixels near the edges, reproducibly, on about half the films of the markers preset")
func markersStayNearEdges() {
    let flat = GrayImage(width: 128, height: 128, pixels: [Float](repeating: 100, count: 128 * 128))
    var changedFilms = 0
    for seed in 0..<200 as Range<UInt64> {
        var g = SplitMix64(seed: seed)
        var aug = Augmentation.identity
        aug.markerProbability = 0.5
        let d = aug.draw(width: 128, height: 128, using: &g)
        let out = aug.apply(d, to: flat)
        #expect(out == aug.apply(d, to: flat))
        var inkedCentre = false, inked = false
        for y in 0..<128 { for x in 0..<128 where out[x, y] != 100 {
            inked = true
            if (48..<80).contains(x) && (48..<80).contains(y) { inkedCentre = true }
        } }
        #expect(!inkedCentre)
        if inked { changedFilms += 1 }
    }
    #expect((75...125).contains(changedFilms))
}
