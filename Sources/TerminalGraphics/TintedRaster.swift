import Imaging

/// A grey film with an overlay tint per pixel (the LIME overlay): where `signs` is +1 the grey
/// moves toward `ExplanationColors.supporting`, where -1 toward `opposing`, at the pixel's
/// strength, its luminance kept (`ExplanationColors.blend`).
public struct TintedRaster: Equatable, Sendable {
    /// The film's greys.
    public let grey: GreyRaster
    /// -1, 0 or +1 per pixel, row-major like `grey.bytes`.
    public let signs: [Int8]
    /// Strength per pixel, 0...255 for 0...1, row-major like `grey.bytes`.
    public let strengths: [UInt8]

    /// `signs.count` and `strengths.count` must equal the raster's pixel count (strengths
    /// default to full).
    public init(grey: GreyRaster, signs: [Int8], strengths: [UInt8]? = nil) {
        precondition(signs.count == grey.bytes.count, "\(signs.count) signs for \(grey.bytes.count) pixels")
        self.grey = grey
        self.signs = signs
        self.strengths = strengths ?? [UInt8](repeating: 255, count: signs.count)
        precondition(self.strengths.count == signs.count, "\(self.strengths.count) strengths for \(signs.count) pixels")
    }

    /// The colour of a pixel of grey `grey` (0...255) with tint `sign` at `strength` (0...1),
    /// channels 0...255.
    public func colour(grey: Float, sign: Int8, strength: Float = 1) -> (r: Float, g: Float, b: Float) {
        ExplanationColors.blend(grey: grey, sign: sign, strength: strength)
    }

    /// Row-major RGB bytes, 3 per pixel, each channel rounded.
    public func rgb() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: signs.count * 3)
        for i in 0..<signs.count {
            let c = colour(grey: Float(grey.bytes[i]), sign: signs[i], strength: Float(strengths[i]) / 255)
            out[3 * i] = UInt8(c.r.rounded())
            out[3 * i + 1] = UInt8(c.g.rounded())
            out[3 * i + 2] = UInt8(c.b.rounded())
        }
        return out
    }
}
