import Imaging

/// A grey film with an overlay tint per pixel (the LIME overlay): where `signs` is +1 the grey
/// is blended toward `positive`, where -1 toward `negative`, with weight `alpha`.
public struct TintedRaster: Equatable, Sendable {
    /// The film's greys.
    public let grey: GreyRaster
    /// -1, 0 or +1 per pixel, row-major like `grey.bytes`.
    public let signs: [Int8]
    /// The tint toward PNEUMONIA (+1) and against it (-1).
    public let positive: RGB
    public let negative: RGB
    /// Share of the tint in a tinted pixel, 0...1; the rest is the grey.
    public let alpha: Float

    /// `signs.count` must equal the raster's pixel count.
    public init(grey: GreyRaster, signs: [Int8], positive: RGB, negative: RGB, alpha: Float) {
        precondition(signs.count == grey.bytes.count, "\(signs.count) signs for \(grey.bytes.count) pixels")
        self.grey = grey
        self.signs = signs
        self.positive = positive
        self.negative = negative
        self.alpha = alpha
    }

    /// The colour of a pixel of grey `grey` (0...255) with tint `sign`, channels 0...255.
    public func colour(grey: Float, sign: Int8) -> (r: Float, g: Float, b: Float) {
        guard sign != 0 else { return (grey, grey, grey) }
        let t = sign > 0 ? positive : negative
        return (grey * (1 - alpha) + Float(t.r) * alpha, grey * (1 - alpha) + Float(t.g) * alpha,
                grey * (1 - alpha) + Float(t.b) * alpha)
    }

    /// Row-major RGB bytes, 3 per pixel, each channel rounded.
    public func rgb() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: signs.count * 3)
        for i in 0..<signs.count {
            let c = colour(grey: Float(grey.bytes[i]), sign: signs[i])
            out[3 * i] = UInt8(c.r.rounded())
            out[3 * i + 1] = UInt8(c.g.rounded())
            out[3 * i + 2] = UInt8(c.b.rounded())
        }
        return out
    }
}
