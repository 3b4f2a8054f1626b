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

@Test("COLORTERM=truecolor/24bit or a -direct TERM gives truecolor, whatever the terminfo's colour count")
func truecolorFromEnvironment() {
    #expect(ColorCapability.choose(environment: ["COLORTERM": "truecolor", "TERM": "tmux-256color"], hasColors: true, colors: 256) == .truecolor)
    #expect(ColorCapability.choose(environment: ["COLORTERM": "24bit"], hasColors: true, colors: 1 << 24) == .truecolor)
    #expect(ColorCapability.choose(environment: ["TERM": "xterm-direct"], hasColors: true, colors: 256) == .truecolor)
    #expect(ColorCapability.choose(environment: [:], hasColors: true, colors: 1 << 24) == .palette256)
    #expect(ColorCapability.choose(environment: ["COLORTERM": "truecolor", "NO_COLOR": "1"], hasColors: true, colors: 256) == .monochrome)
}

@Test("24-bit cells are written as one SGR escape each, runs without cursor moves, then the cursor and attributes restored")
func directColorEscapes() {
    let cells = [
        DirectColorCell(x: 3, y: 1, symbol: "▀", foreground: (10, 20, 30), background: (40, 50, 60)),
        DirectColorCell(x: 4, y: 1, symbol: "▄", foreground: (1, 2, 3), background: nil),
        DirectColorCell(x: 0, y: 2, symbol: " ", foreground: nil, background: (9, 9, 9)),
    ]
    let text = DirectColorCell.escapes(cells, restoreCursor: (x: 7, y: 0))
    #expect(text == "\u{1B}[2;4H\u{1B}[0;38;2;10;20;30;48;2;40;50;60m▀\u{1B}[0;38;2;1;2;3m▄"
        + "\u{1B}[3;1H\u{1B}[0;48;2;9;9;9m \u{1B}[0m\u{1B}[1;8H")
    #expect(DirectColorCell.escapes([], restoreCursor: (x: 0, y: 0)).isEmpty)
}

@Test("the nearest palette entry of a palette colour is that entry (greys and cube)")
func nearestPaletteRoundTrip() {
    for index in UInt8(16)...UInt8(255) {
        let (r, g, b) = XtermPalette.rgb(index)
        let nearest = XtermPalette.nearest(UInt8(r), UInt8(g), UInt8(b))
        let back = XtermPalette.rgb(nearest)
        #expect([back.0, back.1, back.2] == [r, g, b], "index \(index) -> \(nearest)")
    }
    #expect(XtermPalette.nearest(128, 128, 128) == 244)
    #expect(XtermPalette.nearest(255, 0, 0) == 196)
}

@Test("the nearest ramp grey rounds half up and clamps at both ends of the ramp")
func nearestRampGrey() {
    for grey in 0...255 {
        // Reference: the ramp level 8 + 10 i nearest to grey, ties to the brighter.
        let distances = (0..<24).map { abs(8 + 10 * $0 - grey) }
        #expect(XtermPalette.nearestRampEntry(toGrey: grey) == distances.lastIndex(of: distances.min()!)!, "grey \(grey)")
    }
    #expect(XtermPalette.nearest(8, 8, 8) == 232)
    #expect(XtermPalette.nearest(250, 250, 250) == 231)
    #expect(XtermPalette.nearest(155, 0, 0) == 124)
}
