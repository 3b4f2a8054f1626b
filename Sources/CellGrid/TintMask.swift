/// A per-pixel tint over an image: +1 tints toward one colour, -1 toward another, 0 leaves it.
///
/// The mask may have its own resolution (for example the model's 224 x 224 input): it is
/// read in fractions of the image, so it lines up with the film at any decode size.
public struct TintMask: Sendable, Equatable {
    /// Mask width in pixels.
    public let width: Int
    /// Mask height in pixels.
    public let height: Int
    /// Sign per pixel, row-major, each -1, 0 or +1.
    public let values: [Int8]

    /// Creates a mask; `values` must hold `width * height` entries (a mismatch gives an empty mask).
    public init(width: Int, height: Int, values: [Int8]) {
        let ok = width > 0 && height > 0 && values.count == width * height
        self.width = ok ? width : 0
        self.height = ok ? height : 0
        self.values = ok ? values : []
    }

    /// The sign at fractional image position (`fx`, `fy`) in 0...1 (nearest pixel; 0 outside).
    public func value(atFractionX fx: Double, y fy: Double) -> Int8 {
        guard width > 0, fx >= 0, fy >= 0, fx < 1, fy < 1 else { return 0 }
        return values[Int(fy * Double(height)) * width + Int(fx * Double(width))]
    }
}
