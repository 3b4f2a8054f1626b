/// A per-pixel tint over an image: +1 tints toward one colour, -1 toward another, 0 leaves it,
/// each with a strength (the LIME overlay: a superpixel's weight over the film's largest).
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
    /// Strength per pixel, row-major, 0...255 for 0...1 (all 255 unless given).
    public let strengths: [UInt8]

    /// Creates a mask at full strength; `values` must hold `width * height` entries (a mismatch
    /// gives an empty mask).
    public init(width: Int, height: Int, values: [Int8]) {
        self.init(width: width, height: height, values: values,
                  strengths: [UInt8](repeating: 255, count: max(0, values.count)))
    }

    /// Creates a mask with a strength per pixel (0...255 for 0...1); both arrays must hold
    /// `width * height` entries (a mismatch gives an empty mask).
    public init(width: Int, height: Int, values: [Int8], strengths: [UInt8]) {
        let ok = width > 0 && height > 0 && values.count == width * height && strengths.count == values.count
        self.width = ok ? width : 0
        self.height = ok ? height : 0
        self.values = ok ? values : []
        self.strengths = ok ? strengths : []
    }

    /// The sign at fractional image position (`fx`, `fy`) in 0...1 (nearest pixel; 0 outside).
    public func value(atFractionX fx: Double, y fy: Double) -> Int8 {
        index(fx, fy).map { values[$0] } ?? 0
    }

    /// The strength (0...1) at fractional image position (`fx`, `fy`) (nearest pixel; 0 outside).
    public func strength(atFractionX fx: Double, y fy: Double) -> Float {
        index(fx, fy).map { Float(strengths[$0]) / 255 } ?? 0
    }

    private func index(_ fx: Double, _ fy: Double) -> Int? {
        guard width > 0, fx >= 0, fy >= 0, fx < 1, fy < 1 else { return nil }
        return Int(fy * Double(height)) * width + Int(fx * Double(width))
    }
}
