import Numerics
import Testing
@testable import Imaging

/// Naive reference: each output pixel integrates the source over its box in 2-D, in Double.
func naiveAreaResize(_ image: GrayImage, width: Int, height: Int) -> [Float] {
    var out = [Float]()
    let sx = Double(image.width) / Double(width), sy = Double(image.height) / Double(height)
    for oy in 0 ..< height {
        for ox in 0 ..< width {
            let x0 = Double(ox) * sx, x1 = Double(ox + 1) * sx
            let y0 = Double(oy) * sy, y1 = Double(oy + 1) * sy
            var acc = 0.0
            for y in 0 ..< image.height {
                let cy = max(0, min(y1, Double(y + 1)) - max(y0, Double(y)))
                if cy == 0 { continue }
                for x in 0 ..< image.width {
                    let cx = max(0, min(x1, Double(x + 1)) - max(x0, Double(x)))
                    acc += cx * cy * Double(image[x, y])
                }
            }
            out.append(Float(acc / (sx * sy)))
        }
    }
    return out
}

func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-4) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

@Suite("Resampling")
struct ResampleTests {
    let ramp4 = GrayImage(width: 4, height: 4, pixels: (0 ..< 16).map(Float.init))

    @Test("area downsampling 4x4 to 2x2 averages each 2x2 block")
    func area4to2() {
        let out = ramp4.areaResized(width: 2, height: 2)
        // Blocks: (0,1,4,5) (2,3,6,7) (8,9,12,13) (10,11,14,15)
        #expect(out.pixels == [2.5, 4.5, 10.5, 12.5])
    }

    @Test("area downsampling 3x3 to 2x2 weighs the shared middle pixels by their covered fraction")
    func area3to2() {
        let image = GrayImage(width: 3, height: 3, pixels: [9, 0, 0,
                                                             0, 0, 0,
                                                             0, 0, 0])
        let out = image.areaResized(width: 2, height: 2)
        // Box 0 covers source [0, 1.5): pixel 0 fully (weight 2/3 per axis), so 9 * 4/9 = 4.
        #expect(close(out.pixels, [4, 0, 0, 0]))
        let center = GrayImage(width: 3, height: 3, pixels: [0, 0, 0, 0, 9, 0, 0, 0, 0])
        // The centre pixel is split into quarters: 9 * (1/3)^2 = 1 in every output.
        #expect(close(center.areaResized(width: 2, height: 2).pixels, [1, 1, 1, 1]))
    }

    @Test("area resizing matches the naive 2-D box integral on odd sizes")
    func areaMatchesNaive() {
        var g = SplitMix64(seed: 1)
        let image = GrayImage(width: 17, height: 11, pixels: (0 ..< 187).map { _ in g.uniform(0 ... 255) })
        for (w, h) in [(5, 3), (7, 11), (16, 4), (1, 1), (17, 2)] {
            #expect(close(image.areaResized(width: w, height: h).pixels, naiveAreaResize(image, width: w, height: h)))
        }
    }

    @Test("area downsampling preserves the image mean")
    func areaPreservesMean() {
        var g = SplitMix64(seed: 2)
        let image = GrayImage(width: 30, height: 21, pixels: (0 ..< 630).map { _ in g.uniform(0 ... 1) })
        let out = image.areaResized(width: 10, height: 7)
        #expect(abs(out.mean - image.mean) < 1e-5)
    }

    @Test("bilinear 2x2 to 4x4 interpolates between pixel centres and replicates edges")
    func bilinear2to4() {
        let image = GrayImage(width: 2, height: 2, pixels: [0, 4, 8, 12])
        let out = image.bilinearResized(width: 4, height: 4)
        // Each axis samples source coordinates -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        let row: [Float] = [0, 1, 3, 4]
        let expected = [0, 2, 6, 8].flatMap { base in row.map { $0 + Float(base) } }
        #expect(close(out.pixels, expected))
    }

    @Test("the same size returns identical pixels")
    func identitySize() {
        #expect(ramp4.resized(width: 4, height: 4) == ramp4)
        #expect(ramp4.bilinearResized(width: 4, height: 4) == ramp4)
        #expect(ramp4.areaResized(width: 4, height: 4) == ramp4)
    }

    @Test("a constant image stays constant at any size")
    func constantStaysConstant() {
        let image = GrayImage(width: 13, height: 7, value: 42)
        for (w, h) in [(3, 2), (26, 14), (5, 20), (128, 128), (1, 1)] {
            #expect(image.resized(width: w, height: h).pixels.allSatisfy { abs($0 - 42) < 1e-4 })
        }
    }

    @Test("resized shrinks by area and enlarges by bilinear per axis")
    func resizedPicksPerAxis() {
        var g = SplitMix64(seed: 3)
        let image = GrayImage(width: 8, height: 3, pixels: (0 ..< 24).map { _ in g.uniform(0 ... 10) })
        let mixed = image.resized(width: 4, height: 6)
        let expected = image.areaResized(width: 4, height: 3).bilinearResized(width: 4, height: 6)
        #expect(close(mixed.pixels, expected.pixels))
        #expect(close(image.resized(width: 2, height: 1).pixels, image.areaResized(width: 2, height: 1).pixels))
    }

    @Test("empty sources and zero-size targets give empty or zero images without trapping")
    func emptyCases() {
        #expect(ramp4.resized(width: 0, height: 3).isEmpty)
        let fromEmpty = GrayImage(width: 0, height: 0).resized(width: 2, height: 2)
        #expect(fromEmpty.pixels == [0, 0, 0, 0])
    }

    /// Naive twin of `areaAveraged`: each output integrates the source over its exact box, 2-D, pixel by pixel.
    func naiveRegionAverage(_ image: GrayImage, x: Double, y: Double, width: Double, height: Double,
                            outWidth: Int, outHeight: Int) -> [Float] {
        let sx = width / Double(outWidth), sy = height / Double(outHeight)
        var out: [Float] = []
        for oy in 0..<outHeight {
            for ox in 0..<outWidth {
                let x0 = x + Double(ox) * sx, x1 = x0 + sx, y0 = y + Double(oy) * sy, y1 = y0 + sy
                var sum = 0.0, area = 0.0
                for py in 0..<image.height {
                    for px in 0..<image.width {
                        let w = max(0, min(x1, Double(px + 1)) - max(x0, Double(px)))
                            * max(0, min(y1, Double(py + 1)) - max(y0, Double(py)))
                        sum += w * Double(image[px, py]); area += w
                    }
                }
                out.append(Float(sum / area))
            }
        }
        return out
    }

    @Test("region area averaging matches the naive 2-D integral, fractional regions included")
    func regionAverageMatchesNaive() {
        var image = GrayImage(width: 13, height: 9)
        for i in image.pixels.indices { image.pixels[i] = Float((i * 97 + i * i * 13) % 256) }
        for (x, y, w, h, ow, oh) in [(0.0, 0.0, 13.0, 9.0, 5, 4), (1.5, 0.25, 7.3, 6.1, 4, 6), (2.0, 3.0, 2.0, 2.0, 6, 5)] {
            let fast = image.areaAveraged(x: x, y: y, width: w, height: h, outWidth: ow, outHeight: oh, map: { $0 })
            let naive = naiveRegionAverage(image, x: x, y: y, width: w, height: h, outWidth: ow, outHeight: oh)
            #expect(fast.count == naive.count)
            #expect(close(fast, naive, tolerance: 1e-2))
        }
    }

    @Test("region area averaging keeps the mean, maps pixels before averaging, and is empty for no output")
    func regionAverageMeanAndMap() {
        var image = GrayImage(width: 7, height: 5)
        for i in image.pixels.indices { image.pixels[i] = Float((i * 37) % 256) }
        let out = image.areaAveraged(x: 0, y: 0, width: 7, height: 5, outWidth: 3, outHeight: 2, map: { $0 })
        let meanIn: Float = image.pixels.reduce(0, +) / 35, meanOut: Float = out.reduce(0, +) / 6
        #expect(abs(meanIn - meanOut) < 0.01)
        // A threshold map averaged is not the threshold of the average.
        let halves = GrayImage(width: 2, height: 1, pixels: [0, 200])
        #expect(halves.areaAveraged(x: 0, y: 0, width: 2, height: 1, outWidth: 1, outHeight: 1,
                                    map: { $0 > 100 ? 255 : 0 }) == [127.5])
        #expect(image.areaAveraged(x: 0, y: 0, width: 7, height: 5, outWidth: 0, outHeight: 3, map: { $0 }).isEmpty)
        #expect(GrayImage(width: 0, height: 0).areaAveraged(x: 0, y: 0, width: 1, height: 1, outWidth: 2, outHeight: 2,
                                                            map: { $0 }).isEmpty)
    }
}
