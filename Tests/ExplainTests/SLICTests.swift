import Imaging
import Testing
@testable import Explain

@Suite("SLIC superpixels")
struct SLICTests {
    @Test("a bright disc on a dark field gets segment boundaries along the disc edge")
    func discEdge() {
        let (image, inside) = Fixtures.disc()
        let s = SLIC.segment(image: image, segments: 50, compactness: 10, iterations: 10)
        #expect(s.count >= 30 && s.count <= 80)
        var insideCount = [Int](repeating: 0, count: s.count)
        for (i, l) in s.labels.enumerated() where inside[i] { insideCount[Int(l)] += 1 }
        let pure = (0..<s.count).filter { k in
            let fraction = Double(insideCount[k]) / Double(s.sizes[k])
            return fraction > 0.9 || fraction < 0.1
        }.count
        #expect(Double(pure) / Double(s.count) > 0.9, "only \(pure) of \(s.count) segments are >90% pure")
        // Some segments lie on each side, so the edge is followed rather than avoided.
        #expect(insideCount.filter { $0 > 0 }.count >= 4)
    }

    @Test("every superpixel is one 4-connected piece on noise and on smooth structure")
    func connectivity() {
        for seed in UInt64(1)...4 {
            let noisy = Fixtures.noise(width: 97, height: 64, seed: seed)
            let blobs = Fixtures.blobs(width: 80, height: 120, seed: seed)
            for image in [noisy, blobs] {
                for segments in [7, 40, 150] {
                    let s = SLIC.segment(image: image, segments: segments, compactness: 5, iterations: 6)
                    #expect(Fixtures.isConnected(s), "seed \(seed), \(segments) segments")
                    #expect(s.sizes.reduce(0, +) == image.width * image.height)
                }
            }
        }
    }

    @Test("the same input gives the same labels")
    func deterministic() {
        let image = Fixtures.blobs(width: 128, height: 128, seed: 9)
        let a = SLIC.segment(image: image, segments: 60)
        let b = SLIC.segment(image: image, segments: 60)
        #expect(a == b)
        #expect(a.labels == b.labels)
    }

    @Test("segment statistics match the label map: sizes, centroids and mean intensity")
    func statistics() {
        let image = Fixtures.blobs(width: 50, height: 40, seed: 3)
        let s = SLIC.segment(image: image, segments: 12)
        for k in 0..<s.count {
            let pixels = s.labels.indices.filter { s.labels[$0] == Int32(k) }
            #expect(pixels.count == s.sizes[k])
            let mean = pixels.reduce(0.0) { $0 + Double(image.pixels[$1]) } / Double(pixels.count)
            let cx = pixels.reduce(0.0) { $0 + Double($1 % 50) + 0.5 } / Double(pixels.count)
            #expect(abs(Double(s.means[k]) - mean) < 1e-3 * max(1, abs(mean)))
            #expect(abs(s.centroids[k].x - cx) < 1e-9)
        }
    }

    @Test("a flat image and a one-pixel image still segment without trapping")
    func degenerate() {
        let flat = SLIC.segment(image: GrayImage(width: 32, height: 32, value: 5), segments: 16)
        #expect(Fixtures.isConnected(flat))
        #expect(flat.count >= 1)
        let one = SLIC.segment(image: GrayImage(width: 1, height: 1, value: 5), segments: 10)
        #expect(one.count == 1 && one.labels == [0])
    }

    @Test("resizing a label map to the display keeps labels at matching positions")
    func resizeLabels() {
        let image = Fixtures.blobs(width: 32, height: 32, seed: 2)
        let s = SLIC.segment(image: image, segments: 10)
        let big = s.labels(resizedTo: 64, height: 64)
        for y in 0..<64 { for x in 0..<64 { #expect(big[y * 64 + x] == s.labels[(y / 2) * 32 + x / 2]) } }
    }
}
