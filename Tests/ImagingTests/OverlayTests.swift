import Testing
@testable import Imaging

@Suite("Overlay")
struct OverlayTests {
    @Test("unmasked pixels are plain grey and masked ones blend toward the tint by weight times alpha")
    func blend() {
        let image = GrayImage(width: 3, height: 1, pixels: [0, 0.5, 1])
        let red = OverlayMask(mask: [false, true, true], color: RGB(255, 0, 0), alpha: 0.5)
        let out = Overlay.tinted(image, range: 0 ... 1, masks: [red])
        #expect(out == [0, 0, 0,
                        191, 64, 64,
                        255, 128, 128])
    }

    @Test("fractional weights scale the tint and later masks paint over earlier ones")
    func layering() {
        let image = GrayImage(width: 2, height: 1, pixels: [100, 100])
        let green = OverlayMask(weights: [1, 0.5], color: RGB(0, 255, 0), alpha: 1)
        let blue = OverlayMask(weights: [1, 0], color: RGB(0, 0, 255), alpha: 1)
        let out = Overlay.tinted(image, range: 0 ... 200, masks: [green, blue])
        #expect(out == [0, 0, 255,
                        64, 191, 64])
    }
}
