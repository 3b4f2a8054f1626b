import CellGrid
import Explain
import Feedback
import GraphicsTestSupport
import Imaging
import ReviewApp
import ReviewCore
import Workflows
import Testing
import TestSupport

/// Luminance of a terminal colour as the xterm palette shows it.
private func luminance(_ color: TerminalColor) -> Float {
    switch color {
    case .rgb(let r, let g, let b): return ExplanationColors.luminance(Float(r), Float(g), Float(b))
    case .palette(let i) where (16..<232).contains(Int(i)):
        let (r, g, b) = XtermLevels.cubeRGB(Int(i))
        return ExplanationColors.luminance(Float(r), Float(g), Float(b))
    case .palette(let i): return GreyPalette.entries.first { $0.index == i }?.level ?? 0
    case .default: return 0
    }
}

/// The film pane as two luminance images side by side per cell (foreground, background).
private func paneLuminance(_ grid: CellGrid, _ rect: Rect) -> [Float] {
    var out: [Float] = []
    for y in rect.y..<rect.bottom {
        for x in rect.x..<rect.right { out += [luminance(grid[x, y].foreground), luminance(grid[x, y].background)] }
    }
    return out
}

@Suite("LIME overlay fidelity")
struct OverlayFidelityTests {
    @Test("the tint keeps each pixel's luminance (up to the lift off black and white) and grows with the strength")
    func blendKeepsLuminance() {
        for sign: Int8 in [1, -1] {
            var lastChroma: Float = 0
            for strength: Float in [0.25, 0.5, 1] {
                for grey in stride(from: Float(0), through: 255, by: 5) {
                    let c = ExplanationColors.blend(grey: grey, sign: sign, strength: strength)
                    let margin = ExplanationColors.liftAtFullStrength * strength
                    let lifted = margin + grey * (255 - 2 * margin) / 255
                    #expect(abs(ExplanationColors.luminance(c.r, c.g, c.b) - lifted) < 0.01)
                    #expect([c.r, c.g, c.b].allSatisfy { $0 >= -0.001 && $0 <= 255.001 })
                }
                let mid = ExplanationColors.blend(grey: 128, sign: sign, strength: strength)
                let chroma = abs(mid.r - mid.b)
                #expect(chroma > lastChroma)
                lastChroma = chroma
            }
            #expect(ExplanationColors.blend(grey: 77, sign: sign, strength: 0) == (77, 77, 77))
        }
    }

    @Test("a superpixel's strength is its weight over the film's largest tinted weight")
    func strengthFromWeights() {
        // Four superpixels in a row of 4 pixels: weights +2, +1, -0.5, +0.1 (top 2 each side).
        let segmentation = Segmentation(width: 4, height: 1, labels: [0, 1, 2, 3], count: 4,
                                        image: GrayImage(width: 4, height: 1, value: 0))
        let explanation = Explanation(weights: [2, 1, -0.5, 0.1], intercept: 0, r2: nil, score: 0, samples: 10)
        let mask = LIMERecipe.strengthMask(explanation, segmentation: segmentation, top: 2)
        #expect(mask.signs == [1, 1, -1, 0])
        #expect(mask.strengths == [255, 128, 64, 0])
        #expect(mask.largest == 2)
    }

    @Test("at 80x24 the film under a full-strength overlay covering it all keeps SSIM ≥ 0.9 against the plain film")
    func filmStaysVisible() {
        let film = ChestPhantom.render(width: 512, height: 512, seed: 4, pneumonia: true)
        for mode in [BlockImageColorMode.truecolor, .palette256] {
            var state = AppState(studyName: "s", paths: ["a.jpeg"], reviewer: "ana", modelID: "m", threshold: 0.5,
                                 colorMode: mode, width: 80, height: 24)
            _ = state.start()
            _ = state.update(.imageLoaded(path: "a.jpeg", image: film))
            let plain = state.view()
            _ = state.update(.key(.character("o"), at: UTCTimestamp(millisecondsSinceEpoch: 0)))
            // Left half for, right half against, all at full strength: the hardest case.
            let mask = TintMask(width: 2, height: 1, values: [1, -1])
            _ = state.update(.explained(path: "a.jpeg", overlay: LIMEOverlay(mask: mask, samples: 10, largestWeight: 1)))
            let tinted = state.view()
            let pane = state.layout.film
            #expect(plain != tinted)
            let ssim = meanSSIM(paneLuminance(plain, pane), paneLuminance(tinted, pane), width: pane.width * 2, height: pane.height)
            #expect(ssim >= 0.9, "\(mode): SSIM \(ssim)")
            // The legend is under the film, not on it.
            let legendRow = state.layout.gauge.bottom - 1
            #expect(legendRow >= pane.bottom)
            #expect((pane.x..<pane.right).map { tinted[$0, legendRow].symbol }.joined().contains("■■■"))
        }
    }
}
