import Imaging
import Numerics
@testable import Explain

/// Synthetic images shared by the Explain tests.
enum Fixtures {
    /// A bright disc (value 200) of `radius` at the centre of a dark field (20), with ±`noise` texture.
    static func disc(size: Int = 128, radius: Double = 32, noise: Float = 6, seed: UInt64 = 1) -> (GrayImage, [Bool]) {
        var rng = SplitMix64(seed: seed)
        var pixels = [Float](repeating: 0, count: size * size)
        var inside = [Bool](repeating: false, count: size * size)
        let c = Double(size) / 2
        for y in 0..<size {
            for x in 0..<size {
                let dx = Double(x) + 0.5 - c, dy = Double(y) + 0.5 - c
                let isIn = dx * dx + dy * dy <= radius * radius
                inside[y * size + x] = isIn
                pixels[y * size + x] = (isIn ? 200 : 20) + rng.uniform(-noise...noise)
            }
        }
        return (GrayImage(width: size, height: size, pixels: pixels), inside)
    }

    /// Uniform noise in lo...hi.
    static func noise(width: Int, height: Int, lo: Float = 0, hi: Float = 1, seed: UInt64) -> GrayImage {
        var rng = SplitMix64(seed: seed)
        return GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { _ in rng.uniform(lo...hi) })
    }

    /// Smooth blobs plus a little noise: an image with structure for SLIC to follow.
    static func blobs(width: Int, height: Int, seed: UInt64) -> GrayImage {
        var rng = SplitMix64(seed: seed)
        let centres = (0..<6).map { _ in (Float(rng.index(below: width)), Float(rng.index(below: height)), rng.uniform(5...20)) }
        var pixels = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                var v: Float = 0
                for (cx, cy, r) in centres {
                    let d2 = ((Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)) / (r * r)
                    v += 100 * max(0, 1 - d2)
                }
                pixels[y * width + x] = v + rng.uniform(0...10)
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// True when every label of `s` is one 4-connected piece and labels are exactly 0..<count.
    static func isConnected(_ s: Segmentation) -> Bool {
        let W = s.width, H = s.height
        var seen = [Bool](repeating: false, count: W * H)
        var firstPixel = [Int](repeating: -1, count: s.count)
        for (i, l) in s.labels.enumerated() {
            guard l >= 0 && Int(l) < s.count else { return false }
            if firstPixel[Int(l)] < 0 { firstPixel[Int(l)] = i }
        }
        for (label, start) in firstPixel.enumerated() {
            guard start >= 0 else { return false }  // an unused label
            var stack = [start], reached = 0
            seen[start] = true
            while let p = stack.popLast() {
                reached += 1
                let x = p % W, y = p / W
                for (q, ok) in [(p - 1, x > 0), (p + 1, x + 1 < W), (p - W, y > 0), (p + W, y + 1 < H)]
                where ok && !seen[q] && s.labels[q] == Int32(label) {
                    seen[q] = true
                    stack.append(q)
                }
            }
            if reached != s.sizes[label] { return false }
        }
        return true
    }
}
