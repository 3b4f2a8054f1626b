import Imaging

/// SLIC superpixels (Achanta et al. 2012) for grey images: k-means on (intensity, x, y) with a
/// local search window, then connectivity enforcement.
///
/// Intensities are rescaled to 0...100 from the image's own min...max before clustering, as
/// the L channel of Lab is in the original, so `compactness` means the same for any film unit
/// (10 is a balanced default; higher gives squarer segments). Deterministic: no randomness, fixed
/// scan order, ties keep the earlier centre.
public enum SLIC {
    /// Segments `image` into about `segments` superpixels, each one 4-connected piece.
    ///
    /// - Parameters:
    ///   - segments: wanted number of superpixels (>= 1); the result may differ a little.
    ///   - compactness: weight of spatial against intensity distance (> 0).
    ///   - iterations: k-means rounds (10 is plenty; each costs about 4 passes over the image).
    /// Complexity O(iterations * pixels).
    public static func segment(image: GrayImage, segments: Int, compactness: Double = 10,
                               iterations: Int = 10) -> Segmentation {
        let W = image.width, H = image.height, N = W * H
        guard N > 0 else { return Segmentation(width: W, height: H, labels: [], count: 0, image: image) }
        let intensity = rescaled(image.pixels)
        let step = max(1.0, (Double(N) / Double(max(1, segments))).squareRoot())
        var centres = initialCentres(intensity, width: W, height: H, step: step)
        var labels = [Int32](repeating: 0, count: N)
        var distance = [Double](repeating: 0, count: N)
        let spatialWeight = (compactness / step) * (compactness / step)
        let reach = Int(step.rounded(.up))
        for _ in 0..<max(1, iterations) {
            for i in 0..<N { distance[i] = .infinity }
            // Assignment: each centre claims the pixels of its 2S x 2S window that it is closest to.
            for (k, c) in centres.enumerated() {
                let cx = Int(c.x), cy = Int(c.y)
                for y in max(0, cy - reach)...min(H - 1, cy + reach) {
                    let dy = Double(y) - c.y
                    for x in max(0, cx - reach)...min(W - 1, cx + reach) {
                        let dx = Double(x) - c.x, i = y * W + x
                        let dc = Double(intensity[i]) - c.l
                        let d = dc * dc + (dx * dx + dy * dy) * spatialWeight
                        if d < distance[i] { distance[i] = d; labels[i] = Int32(k) }
                    }
                }
            }
            // Update: centres move to the mean (x, y, intensity) of their pixels.
            var sums = [(x: Double, y: Double, l: Double, n: Int)](repeating: (0, 0, 0, 0), count: centres.count)
            for y in 0..<H {
                for x in 0..<W {
                    let i = y * W + x
                    guard distance[i].isFinite else { continue }
                    let k = Int(labels[i])
                    sums[k].x += Double(x); sums[k].y += Double(y); sums[k].l += Double(intensity[i]); sums[k].n += 1
                }
            }
            for k in centres.indices where sums[k].n > 0 {
                let n = Double(sums[k].n)
                centres[k] = (sums[k].x / n, sums[k].y / n, sums[k].l / n)
            }
        }
        // Pixels no window reached (only possible at tiny sizes) join the nearest centre.
        for i in 0..<N where !distance[i].isFinite {
            let x = Double(i % W), y = Double(i / W)
            var best = 0, bestD = Double.infinity
            for (k, c) in centres.enumerated() {
                let d = (x - c.x) * (x - c.x) + (y - c.y) * (y - c.y)
                if d < bestD { bestD = d; best = k }
            }
            labels[i] = Int32(best)
        }
        let minimumSize = max(1, Int(step * step / 4))
        let (connected, count) = enforceConnectivity(labels, width: W, height: H, minimumSize: minimumSize)
        return Segmentation(width: W, height: H, labels: connected, count: count, image: image)
    }

    /// Intensities mapped linearly from min...max to 0...100 (a flat image maps to 0).
    static func rescaled(_ pixels: [Float]) -> [Float] {
        var lo = Float.infinity, hi = -Float.infinity
        for p in pixels where p.isFinite { lo = min(lo, p); hi = max(hi, p) }
        guard hi > lo else { return [Float](repeating: 0, count: pixels.count) }
        let scale = 100 / (hi - lo)
        return pixels.map { $0.isFinite ? ($0 - lo) * scale : 0 }
    }

    /// Centres on a regular grid of spacing about `step`, each moved to the lowest-gradient
    /// pixel of its 3x3 neighbourhood so that none starts on an edge or a noisy pixel.
    static func initialCentres(_ intensity: [Float], width W: Int, height H: Int,
                               step: Double) -> [(x: Double, y: Double, l: Double)] {
        let nx = max(1, Int((Double(W) / step).rounded())), ny = max(1, Int((Double(H) / step).rounded()))
        func gradient(_ x: Int, _ y: Int) -> Float {
            let l = intensity[y * W + max(0, x - 1)], r = intensity[y * W + min(W - 1, x + 1)]
            let u = intensity[max(0, y - 1) * W + x], d = intensity[min(H - 1, y + 1) * W + x]
            return (r - l) * (r - l) + (d - u) * (d - u)
        }
        var centres: [(x: Double, y: Double, l: Double)] = []
        for j in 0..<ny {
            for i in 0..<nx {
                let gx = min(W - 1, Int((Double(i) + 0.5) * Double(W) / Double(nx)))
                let gy = min(H - 1, Int((Double(j) + 0.5) * Double(H) / Double(ny)))
                var bx = gx, by = gy, best = gradient(gx, gy)
                for y in max(0, gy - 1)...min(H - 1, gy + 1) {
                    for x in max(0, gx - 1)...min(W - 1, gx + 1) where gradient(x, y) < best {
                        best = gradient(x, y); bx = x; by = y
                    }
                }
                centres.append((Double(bx), Double(by), Double(intensity[by * W + bx])))
            }
        }
        return centres
    }
}
