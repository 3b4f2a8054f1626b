import CellGrid
import Testing
@testable import Terminal

@Test("NO_COLOR or fewer than 256 colours gives monochrome")
func monochromeWhenAskedOrUnable() {
    #expect(ColorCapability.choose(environment: ["NO_COLOR": "1"], hasColors: true, colors: 256) == .monochrome)
    #expect(ColorCapability.choose(environment: [:], hasColors: true, colors: 8) == .monochrome)
    #expect(ColorCapability.choose(environment: [:], hasColors: false, colors: 0) == .monochrome)
    #expect(ColorCapability.choose(environment: ["NO_COLOR": ""], hasColors: true, colors: 256) == .palette256)
}

@Test("COLORTERM=truecolor gives truecolor only on a direct-colour terminfo")
func truecolorNeedsDirectColour() {
    #expect(ColorCapability.choose(environment: ["COLORTERM": "truecolor"], hasColors: true, colors: 256) == .palette256)
    #expect(ColorCapability.choose(environment: ["COLORTERM": "24bit"], hasColors: true, colors: 1 << 24) == .truecolor)
    #expect(ColorCapability.choose(environment: [:], hasColors: true, colors: 1 << 24) == .palette256)
}

@Test("the nearest palette entry of a palette colour is that entry (greys and cube)")
func nearestPaletteRoundTrip() {
    for index in UInt8(16)...UInt8(255) {
        let (r, g, b) = XtermPalette.rgb(index)
        let nearest = XtermPalette.nearest(UInt8(r), UInt8(g), UInt8(b))
        #expect(XtermPalette.rgb(nearest) == (r, g, b) ? true : false, "index \(index) -> \(nearest)")
    }
    #expect(XtermPalette.nearest(128, 128, 128) == 244)
    #expect(XtermPalette.nearest(255, 0, 0) == 196)
}
