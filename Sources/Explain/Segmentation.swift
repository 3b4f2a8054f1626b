import Imaging

/// A partition of a `width x height` image into `count` superpixels, each one 4-connected piece.
///
/// Labels run 0..<count in raster order of each segment's first pixel, so equal inputs give
/// equal label maps.
public struct Segmentation: Sendable, Equatable {
    /// Image width in pixels.
    public let width: Int
    /// Image height in pixels.
    public let height: Int
    /// Segment label per pixel, row-major, in 0..<count.
    public let labels: [Int32]
    /// Number of segments.
    public let count: Int
    /// Centroid (x, y) of each segment in pixel coordinates (pixel centres at integer + 0.5).
    public let centroids: [(x: Double, y: Double)]
    /// Pixels per segment.
    public let sizes: [Int]
    /// Mean intensity of each segment, in the units of the segmented image.
    public let means: [Float]

    /// Builds the statistics for a label map whose labels are already 0..<count.
    public init(width: Int, height: Int, labels: [Int32], count: Int, image: GrayImage) {
        precondition(labels.count == width * height && image.width == width && image.height == height,
                     "Segmentation: labels and image must cover width x height")
        var sx = [Double](repeating: 0, count: count), sy = sx, si = sx
        var sizes = [Int](repeating: 0, count: count)
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x, l = Int(labels[i])
                sizes[l] += 1
                sx[l] += Double(x) + 0.5
                sy[l] += Double(y) + 0.5
                si[l] += Double(image.pixels[i])
            }
        }
        self.width = width
        self.height = height
        self.labels = labels
        self.count = count
        self.sizes = sizes
        self.centroids = (0..<count).map { sizes[$0] > 0 ? (sx[$0] / Double(sizes[$0]), sy[$0] / Double(sizes[$0])) : (0, 0) }
        self.means = (0..<count).map { sizes[$0] > 0 ? Float(si[$0] / Double(sizes[$0])) : 0 }
    }

    public static func == (a: Segmentation, b: Segmentation) -> Bool {
        a.width == b.width && a.height == b.height && a.count == b.count && a.labels == b.labels
            && a.sizes == b.sizes && a.means == b.means
            && zip(a.centroids, b.centroids).allSatisfy { $0.x == $1.x && $0.y == $1.y }
    }

    /// The label map resampled (nearest pixel centre) to `width x height`, e.g. the display size.
    public func labels(resizedTo width: Int, height: Int) -> [Int32] {
        guard width > 0, height > 0 else { return [] }
        let xs = (0..<width).map { min(self.width - 1, (2 * $0 + 1) * self.width / (2 * width)) }
        var out = [Int32](repeating: 0, count: width * height)
        for y in 0..<height {
            let sy = min(self.height - 1, (2 * y + 1) * self.height / (2 * height))
            for x in 0..<width { out[y * width + x] = labels[sy * self.width + xs[x]] }
        }
        return out
    }

    /// True where a pixel's right or lower neighbour has another label: one-pixel outlines.
    public static func boundaries(labels: [Int32], width: Int, height: Int) -> [Bool] {
        var edge = [Bool](repeating: false, count: labels.count)
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                if x + 1 < width && labels[i + 1] != labels[i] { edge[i] = true }
                if y + 1 < height && labels[i + width] != labels[i] { edge[i] = true }
            }
        }
        return edge
    }
}
