/// An 8-bit sRGB colour.
public struct RGB: Sendable, Equatable, Hashable {
    /// Red, 0...255.
    public var r: UInt8
    /// Green, 0...255.
    public var g: UInt8
    /// Blue, 0...255.
    public var b: UInt8

    /// Creates a colour from its three channels.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }
}

/// One tint layer: a per-pixel weight in 0...1 (a hard mask is 0 or 1), a colour and an opacity.
public struct OverlayMask: Sendable, Equatable {
    /// Per-pixel weight, row-major, one per image pixel; clamped to 0...1 when blending.
    public var weights: [Float]
    /// The tint colour.
    public var color: RGB
    /// Opacity in 0...1 of the tint where the weight is 1.
    public var alpha: Float

    /// Creates a layer from fractional weights (e.g. a LIME heat map scaled to 0...1).
    public init(weights: [Float], color: RGB, alpha: Float) {
        self.weights = weights; self.color = color; self.alpha = alpha
    }

    /// Creates a layer from a hard mask: `true` pixels are tinted with `alpha`.
    public init(mask: [Bool], color: RGB, alpha: Float) {
        self.init(weights: mask.map { $0 ? 1 : 0 }, color: color, alpha: alpha)
    }
}

/// Blends a grey film with coloured tints, e.g. LIME superpixels that argue for or against.
public enum Overlay {
    /// Returns interleaved RGB bytes (`3 * width * height`): the image mapped from `range`
    /// to grey 0...255, then each mask blended over it in order with `weight * alpha`.
    ///
    /// Every mask must have one weight per pixel.
    public static func tinted(_ image: GrayImage, range: ClosedRange<Float>, masks: [OverlayMask]) -> [UInt8] {
        let n = image.width * image.height
        for mask in masks {
            precondition(mask.weights.count == n, "overlay mask has \(mask.weights.count) weights for \(n) pixels")
        }
        let low = range.lowerBound
        let scale: Float = range.upperBound > low ? 255 / (range.upperBound - low) : 0
        return [UInt8](unsafeUninitializedCapacity: 3 * n) { out, count in
            image.pixels.withUnsafeBufferPointer { p in
                for i in 0 ..< n {
                    var grey = min(max((p[i] - low) * scale, 0), 255)
                    if grey.isNaN { grey = 0 }
                    var r = grey, g = grey, b = grey
                    for mask in masks {
                        let w = min(max(mask.weights[i], 0), 1) * min(max(mask.alpha, 0), 1)
                        if w == 0 { continue }
                        r += (Float(mask.color.r) - r) * w
                        g += (Float(mask.color.g) - g) * w
                        b += (Float(mask.color.b) - b) * w
                    }
                    out[3 * i] = UInt8(r.rounded())
                    out[3 * i + 1] = UInt8(g.rounded())
                    out[3 * i + 2] = UInt8(b.rounded())
                }
            }
            count = 3 * n
        }
    }
}
