import Imaging
import Numerics

/// Draws LIME's binary neighbourhood (which superpixels are on) and renders masked images.
///
/// Row 0 has every superpixel on. As in lime, each other row switches off a uniformly chosen
/// number of superpixels, chosen uniformly without replacement. With `paired` (antithetic)
/// sampling every random row is followed by its complement: the off-count is drawn from
/// 1...M-1, so the complement's off-count has the same distribution and the pair keeps lime's
/// sampling law while cancelling the mask-to-mask noise that makes explanations unstable.
public struct LIMESampler: Sendable {
    /// What a switched-off superpixel shows.
    public enum Fill: Sendable, Equatable {
        /// The superpixel's own mean intensity, as lime's default: the region stays at its
        /// overall density but loses its texture and edges, which keeps the film plausible
        /// (a black hole would look like aerated lung to this model, itself strong evidence).
        case segmentMean
        /// A constant value in the image's units.
        case constant(Float)
    }

    /// The superpixels.
    public let segmentation: Segmentation
    /// The image being explained, at the segmentation's size, in its own units.
    public let image: GrayImage
    /// Fill value per segment.
    public let fillValues: [Float]
    /// When set, each masked sample is standardised to mean 0 and standard deviation 1 with this
    /// epsilon, exactly as the model's preprocessing would treat the masked film.
    public let standardizeEpsilon: Float?

    /// A sampler over `image`, which must have the segmentation's size.
    public init(image: GrayImage, segmentation: Segmentation, fill: Fill = .segmentMean, standardizeEpsilon: Float? = nil) {
        precondition(image.width == segmentation.width && image.height == segmentation.height,
                     "LIMESampler: image and segmentation sizes differ")
        self.image = image
        self.segmentation = segmentation
        switch fill {
        case .segmentMean: fillValues = segmentation.means
        case .constant(let v): fillValues = [Float](repeating: v, count: segmentation.count)
        }
        self.standardizeEpsilon = standardizeEpsilon
    }

    /// The on/off design: (samples, M) row-major bytes, 1 = on; row 0 all on.
    public static func masks(features M: Int, samples n: Int, paired: Bool,
                             rng: inout some RandomNumberGenerator) -> [UInt8] {
        guard n > 0, M > 0 else { return [] }
        var z = [UInt8](repeating: 1, count: n * M)
        var order = Array(0..<M)
        var row = 1
        while row < n {
            // Off-count: lime draws 1...M; paired rows draw 1...M-1 so that the complement also has one on and one off.
            let upper = paired && M > 1 ? M - 1 : M
            let off = 1 + rng.index(below: upper)
            for i in 0..<off {  // partial Fisher-Yates: the first `off` of `order` are a uniform subset
                let j = i + rng.index(below: M - i)
                order.swapAt(i, j)
            }
            for i in 0..<off { z[row * M + order[i]] = 0 }
            row += 1
            if paired && row < n {
                for s in 0..<M { z[row * M + s] = 1 - z[(row - 1) * M + s] }
                row += 1
            }
        }
        return z
    }

    /// Writes the masked images for rows `rows` of the design `z` (M per row) into `destination`,
    /// one `width * height` slot per row, standardising each if configured. Allocates nothing.
    public func render(z: UnsafeBufferPointer<UInt8>, rows: Range<Int>, into destination: UnsafeMutableBufferPointer<Float>) {
        let M = segmentation.count, P = image.width * image.height
        precondition(destination.count >= rows.count * P, "LIMESampler.render: destination too small")
        segmentation.labels.withUnsafeBufferPointer { labels in
        image.pixels.withUnsafeBufferPointer { pixels in
        fillValues.withUnsafeBufferPointer { fill in
            for (slot, r) in rows.enumerated() {
                let on = z.baseAddress! + r * M
                let out = UnsafeMutableBufferPointer(rebasing: destination[(slot * P)..<((slot + 1) * P)])
                for p in 0..<P {
                    let l = Int(labels[p])
                    out[p] = on[l] != 0 ? pixels[p] : fill[l]
                }
                if let eps = standardizeEpsilon { GrayImage.standardize(out, epsilon: eps) }
            }
        } } }
    }
}
