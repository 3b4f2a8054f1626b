import Explain
import Foundation
import Imaging

/// The picture `explain --out` writes: superpixels arguing for PNEUMONIA tinted warm, those
/// against tinted cool (`ExplanationColors`), every superpixel outlined, and a legend strip
/// below the film.
public struct ExplanationPicture: Sendable {
    static let supporting = ExplanationColors.supporting
    static let opposing = ExplanationColors.opposing
    static let outline = ExplanationColors.outline

    /// Superpixels tinted on each side (the strongest by weight).
    public var top: Int = 5
    /// Tint opacity in 0...1 at the strongest superpixel; weaker ones fade down to half of it.
    public var alpha: Float = ExplanationColors.tintAlpha
    /// Outline opacity in 0...1.
    public var outlineAlpha: Float = 0.35

    /// Default settings: 5 superpixels a side.
    public init(top: Int = 5) { self.top = top }

    /// Height in pixels of the legend strip for an image `width` wide: one row of swatches and
    /// labels, or one row per entry when the image is too narrow for one.
    public static func legendHeight(width: Int) -> Int {
        let scale = legendScale(width: width)
        return legendRows(width: width, scale: scale) * rowHeight(scale: scale)
    }

    private static let entries: [(RGB, String)] = [(supporting, "FOR PNEUMONIA"), (opposing, "AGAINST")]
    private static func legendScale(width: Int) -> Int { width >= 400 ? 2 : 1 }
    private static func rowHeight(scale: Int) -> Int { (BitmapFont.glyphHeight + 8) * scale }
    private static func swatchSide(scale: Int) -> Int { (BitmapFont.glyphHeight + 2) * scale }
    private static func entryWidth(_ text: String, scale: Int) -> Int {
        swatchSide(scale: scale) + 3 * scale + BitmapFont.width(of: text, scale: scale) + 8 * scale
    }
    private static func legendRows(width: Int, scale: Int) -> Int {
        let oneRow = 4 * scale + entries.reduce(0) { $0 + entryWidth($1.1, scale: scale) }
        return oneRow <= width ? 1 : entries.count
    }

    /// Interleaved RGB bytes of `width x (height + legendHeight)`: `film` (display size, any units,
    /// shown from its own min...max) with the explanation over it; `labels` is the segmentation
    /// resized to the film (`Segmentation.labels(resizedTo:height:)`).
    public func render(film: GrayImage, labels: [Int32], explanation e: Explanation) -> (width: Int, height: Int, rgb: [UInt8]) {
        let W = film.width, H = film.height
        precondition(labels.count == W * H, "overlay: labels do not cover the film")
        let support = e.topSupporting(top), oppose = e.topOpposing(top)
        let strongest = max(1e-12, (support + oppose).map { abs(e.weights[$0]) }.max() ?? 0)
        var level = [Float](repeating: 0, count: e.weights.count)  // 0...1 strength per tinted segment
        for s in support + oppose { level[s] = Float(0.5 + 0.5 * abs(e.weights[s]) / strongest) }
        let warm = labels.map { l -> Float in support.contains(Int(l)) ? level[Int(l)] : 0 }
        let cool = labels.map { l -> Float in oppose.contains(Int(l)) ? level[Int(l)] : 0 }
        let edges = Segmentation.boundaries(labels: labels, width: W, height: H).map { $0 ? Float(1) : 0 }
        var lo = Float.infinity, hi = -Float.infinity
        for p in film.pixels where p.isFinite { lo = min(lo, p); hi = max(hi, p) }
        if !(hi > lo) { lo = 0; hi = 1 }
        let filmRGB = Overlay.tinted(film, range: lo...hi, masks: [
            OverlayMask(weights: warm, color: Self.supporting, alpha: alpha),
            OverlayMask(weights: cool, color: Self.opposing, alpha: alpha),
            OverlayMask(weights: edges, color: Self.outline, alpha: outlineAlpha),
        ])
        let legend = Self.legendHeight(width: W)
        var rgb = filmRGB + [UInt8](repeating: 16, count: 3 * W * legend)
        drawLegend(into: &rgb, width: W, top: H, height: legend, probability: e.probability)
        return (W, H + legend, rgb)
    }

    /// Swatch + "FOR PNEUMONIA", swatch + "AGAINST" (in one row or stacked), and P(PNEUMONIA)
    /// at the right of the first row when there is room.
    private func drawLegend(into rgb: inout [UInt8], width W: Int, top: Int, height: Int, probability: Double?) {
        let total = top + height
        let scale = Self.legendScale(width: W), rowHeight = Self.rowHeight(scale: scale)
        let swatch = Self.swatchSide(scale: scale)
        let stacked = Self.legendRows(width: W, scale: scale) > 1
        let white = RGB(235, 235, 235)
        func fill(_ x0: Int, _ y0: Int, _ c: RGB) {
            let lo = max(0, x0), hi = min(W, x0 + swatch)
            guard lo < hi else { return }
            for y in max(0, y0)..<min(total, y0 + swatch) {
                for xx in lo..<hi {
                    let i = 3 * (y * W + xx)
                    rgb[i] = c.r; rgb[i + 1] = c.g; rgb[i + 2] = c.b
                }
            }
        }
        var x = 4 * scale, row = 0
        for (color, text) in Self.entries {
            let y0 = top + row * rowHeight + (rowHeight - swatch) / 2
            fill(x, y0, color)
            Self.drawText(text, x: x + swatch + 3 * scale, y: y0 + scale, scale: scale, color: white, into: &rgb, width: W, height: total)
            if stacked { row += 1 } else { x += Self.entryWidth(text, scale: scale) }
        }
        if let p = probability {
            let text = String(format: "P=%.2f", p)
            let w = BitmapFont.width(of: text, scale: scale)
            let used = stacked ? 4 * scale + Self.entryWidth(Self.entries[0].1, scale: scale) : x
            if used + w + 4 * scale <= W {
                let y0 = top + (rowHeight - swatch) / 2
                Self.drawText(text, x: W - w - 4 * scale, y: y0 + scale, scale: scale, color: white, into: &rgb, width: W, height: total)
            }
        }
    }

    /// Draws `text` (upper-cased) in the bitmap font into interleaved RGB `pixels`, clipped.
    static func drawText(_ text: String, x: Int, y: Int, scale: Int, color: RGB,
                         into pixels: inout [UInt8], width: Int, height: Int) {
        BitmapFont.forEachInkPixel(of: text.uppercased(), x: x, y: y, scale: scale, width: width, height: height) { i in
            pixels[3 * i] = color.r; pixels[3 * i + 1] = color.g; pixels[3 * i + 2] = color.b
        }
    }
}
