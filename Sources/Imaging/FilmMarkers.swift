import Numerics

/// Burnt-in film annotations drawn onto a training film: the side marker ("R", "L") and short
/// text such as exposure settings ("KV58") or a time, in the corners and along the edges.
///
/// Why: in the training split the marker's style and the text a machine burns in go with the
/// class (they tell machines and periods apart), and the development site's NORMAL films that
/// the shipped model scored 0.99 all carry a large "R" at the top left and "KV" text at the
/// bottom right. Drawing random markers on films of both classes takes that shortcut away.
public enum FilmMarkers {

    /// Draws one to three random annotations on `image` with values in `range`, from `rng`:
    /// a side marker 6-14 % of the height tall, or a line of 3-6 characters 2.5-5 % tall, each
    /// near a corner or an edge, bright (mostly) or dark. Deterministic for a given generator.
    public static func draw(on image: inout GrayImage, range: ClosedRange<Float>, using rng: inout some RandomNumberGenerator) {
        guard image.width >= 16, image.height >= 16 else { return }
        let count = 1 + rng.index(below: 3)
        let texts = ["KV58", "KV60", "KV65", "AP", "PA", "12:30", "0.8", "100", "KV52"]
        for _ in 0..<count {
            let sideMarker = rng.unitFloat() < 0.5
            let text: String = sideMarker ? (rng.unitFloat() < 0.7 ? "R" : "L") : texts[rng.index(below: texts.count)]
            let heightFraction = sideMarker ? rng.uniform(0.06 ... 0.14) : rng.uniform(0.025 ... 0.05)
            let scale = max(1, Int((heightFraction * Float(image.height) / 7).rounded()))
            let textWidth = text.count * 6 * scale, textHeight = 7 * scale
            // Near one of the four corners or the middle of the left/right edge.
            let anchor = rng.index(below: 6)
            let marginX = Int(rng.uniform(0.01 ... 0.12) * Float(image.width))
            let marginY = Int(rng.uniform(0.01 ... 0.12) * Float(image.height))
            let x0: Int, y0: Int
            switch anchor {
            case 0: (x0, y0) = (marginX, marginY)
            case 1: (x0, y0) = (image.width - marginX - textWidth, marginY)
            case 2: (x0, y0) = (marginX, image.height - marginY - textHeight)
            case 3: (x0, y0) = (image.width - marginX - textWidth, image.height - marginY - textHeight)
            case 4: (x0, y0) = (marginX, image.height / 2 - textHeight / 2)
            default: (x0, y0) = (image.width - marginX - textWidth, image.height / 2 - textHeight / 2)
            }
            let bright = rng.unitFloat() < 0.85
            let level = bright ? rng.uniform(0.85 ... 1) : rng.uniform(0 ... 0.1)
            let value = range.lowerBound + (range.upperBound - range.lowerBound) * level
            stamp(text, x: x0, y: y0, scale: scale, value: value, on: &image)
        }
    }

    /// Writes `text` in the 5x7 glyphs, each pixel a `scale x scale` block, clipped to the image.
    static func stamp(_ text: String, x: Int, y: Int, scale: Int, value: Float, on image: inout GrayImage) {
        let w = image.width, h = image.height
        image.pixels.withUnsafeMutableBufferPointer { p in
            BitmapFont.forEachInkPixel(of: text, x: x, y: y, scale: scale, width: w, height: h) { p[$0] = value }
        }
    }
}
