import Explain
import Imaging
import Testing
@testable import Workflows

@Suite("explain --out picture")
struct ExplanationPictureTests {
    /// A 3-segment film: left third segment 0, middle 1, right 2; the film is a flat mid grey.
    static func scene() -> (GrayImage, [Int32]) {
        let W = 90, H = 60
        let labels = (0..<(W * H)).map { Int32(($0 % W) / 30) }
        return (GrayImage(width: W, height: H, value: 0.5), labels)
    }

    @Test("supporting superpixels are tinted warm, opposing ones cool, others stay grey, and a legend is added below")
    func tints() {
        let (film, labels) = Self.scene()
        // The grey film needs a range: give it one dark pixel far from the probes.
        var pixels = film.pixels
        pixels[0] = 0; pixels[1] = 1
        let e = Explanation(weights: [0.8, -0.5, 0], intercept: 0, r2: 0.9, score: 1, probability: 0.73, samples: 10)
        let out = ExplanationPicture(top: 1).render(film: GrayImage(width: 90, height: 60, pixels: pixels), labels: labels, explanation: e)
        let legend = ExplanationPicture.legendHeight(width: 90)
        #expect(out.width == 90 && out.height == 60 + legend)
        func rgb(_ x: Int, _ y: Int) -> (Int, Int, Int) {
            let i = 3 * (y * out.width + x)
            return (Int(out.rgb[i]), Int(out.rgb[i + 1]), Int(out.rgb[i + 2]))
        }
        let warm = rgb(15, 30), cool = rgb(45, 30), plain = rgb(75, 30)
        #expect(warm.0 > warm.2 + 60, "\(warm)")
        #expect(cool.2 > cool.0 + 60, "\(cool)")
        #expect(plain.0 == plain.1 && plain.1 == plain.2)
        // Outlines mark the boundary between segments 1 and 2 (column 59 differs from its right neighbour).
        #expect(rgb(59, 30) != plain)
        // The legend strip holds both swatch colours.
        var sawWarm = false, sawCool = false
        for y in 60..<out.height {
            for x in 0..<out.width {
                let c = rgb(x, y)
                if c == (Int(ExplanationPicture.supporting.r), Int(ExplanationPicture.supporting.g), Int(ExplanationPicture.supporting.b)) { sawWarm = true }
                if c == (Int(ExplanationPicture.opposing.r), Int(ExplanationPicture.opposing.g), Int(ExplanationPicture.opposing.b)) { sawCool = true }
            }
        }
        #expect(sawWarm && sawCool)
    }

    @Test("legend text is drawn from the bitmap font and clipped at the image edge without trapping")
    func legendText() {
        var pixels = [UInt8](repeating: 0, count: 3 * 20 * 10)
        ExplanationPicture.drawText("pneumonia", x: 1, y: 1, scale: 1, color: RGB(255, 255, 255), into: &pixels, width: 20, height: 10)
        let lit = stride(from: 0, to: pixels.count, by: 3).filter { pixels[$0] == 255 }.count
        #expect(lit > 20)
        #expect(BitmapFont.width(of: "AB", scale: 2) == 22)
        for ch in "FOR PNEUMONIA AGAINST P=0.123456789" { #expect(BitmapFont.glyphs[ch] != nil, "\(ch)") }
    }
}
