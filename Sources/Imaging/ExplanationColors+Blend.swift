/// The LIME tint laid over a grey film so the film stays readable under it: the tint moves a
/// pixel's colour toward `supporting` or `opposing` along a direction of zero luminance, so
/// the grey's brightness (what shows the anatomy) is kept; how far it moves is the region's
/// strength (its weight over the film's largest weight).
///
/// Pixels near black or white have little room for colour: they are first lifted off the
/// ends by a margin that grows with the strength (an affine map of the greys, which keeps
/// their structure), and the colour is limited to what fits in 0...255.
extension ExplanationColors {
    /// Rec. 709 luminance of an RGB colour, channels 0...255.
    public static func luminance(_ r: Float, _ g: Float, _ b: Float) -> Float { 0.2126 * r + 0.7152 * g + 0.0722 * b }

    /// How far toward the tint's chroma a pixel moves at full strength (1: the whole chroma).
    public static let chromaGain: Float = 0.8
    /// Greys lifted off black and white at full strength, so dark lungs can take a colour.
    public static let liftAtFullStrength: Float = 40

    /// The colour of a pixel of grey `grey` (0...255) tinted toward `sign` (+1 supporting,
    /// -1 opposing, 0 none) at `strength` in 0...1; channels 0...255.
    ///
    /// Its luminance is `lift(grey)`: the grey itself at strength 0, within
    /// `liftAtFullStrength` of it at 1.
    public static func blend(grey: Float, sign: Int8, strength: Float) -> (r: Float, g: Float, b: Float) {
        let s = min(1, max(0, strength))
        guard sign != 0, s > 0 else { return (grey, grey, grey) }
        let tint = sign > 0 ? supporting : opposing
        let (tr, tg, tb) = (Float(tint.r), Float(tint.g), Float(tint.b))
        let y = luminance(tr, tg, tb)
        let chroma = (tr - y, tg - y, tb - y)          // luminance 0 by construction
        let margin = liftAtFullStrength * s
        let base = margin + min(255, max(0, grey)) * (255 - 2 * margin) / 255
        var k = chromaGain * s
        for c in [chroma.0, chroma.1, chroma.2] where c != 0 {
            k = min(k, c > 0 ? (255 - base) / c : base / -c)
        }
        return (base + k * chroma.0, base + k * chroma.1, base + k * chroma.2)
    }
}
