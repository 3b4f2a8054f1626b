/// The LIME overlay's colours, one set for every place that draws it (the block-character
/// film, the terminal image, the `explain --out` picture).
public enum ExplanationColors {
    /// Superpixels that raise P(PNEUMONIA): red-orange.
    public static let supporting = RGB(255, 60, 0)
    /// Superpixels that lower P(PNEUMONIA): blue.
    public static let opposing = RGB(0, 120, 255)
    /// Superpixel outlines in the picture.
    public static let outline = RGB(255, 240, 120)
    /// Share of the tint in a tinted pixel or cell at full strength, 0...1; the rest is the film.
    public static let tintAlpha: Float = 0.55
}
