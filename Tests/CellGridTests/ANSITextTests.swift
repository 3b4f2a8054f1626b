import Testing
import Imaging
import CellGrid

@Suite("ANSIText")
struct ANSITextTests {
    @Test("a 2x1 grid of half blocks prints palette codes, one reset and a newline")
    func twoByOnePalette() {
        var grid = CellGrid(width: 2, height: 1)
        grid[0, 0] = Cell("▀", foreground: .palette(232), background: .palette(255))
        grid[1, 0] = Cell("▀", foreground: .palette(232), background: .palette(16))
        #expect(ANSIText.render(grid) == "\u{1B}[38;5;232;48;5;255m▀\u{1B}[48;5;16m▀\u{1B}[0m\n")
    }

    @Test("truecolor cells print 38;2 and 48;2 codes")
    func truecolor() {
        var grid = CellGrid(width: 2, height: 1)
        grid[0, 0] = Cell("▀", foreground: .rgb(1, 2, 3), background: .rgb(4, 5, 6))
        #expect(ANSIText.render(grid) == "\u{1B}[38;2;1;2;3;48;2;4;5;6m▀\u{1B}[39;49m \n")
    }

    @Test("default-coloured rows print no escape codes and wide continuations print nothing")
    func plainRows() {
        var grid = CellGrid(width: 3, height: 2)
        grid.put("中a", at: Position(x: 0, y: 1))
        #expect(ANSIText.render(grid) == "   \n中a\n")
    }

    @Test("dropping an attribute resets before rebuilding the style")
    func attributeReset() {
        var grid = CellGrid(width: 2, height: 1)
        grid[0, 0] = Cell("a", foreground: .palette(3), attributes: .bold)
        grid[1, 0] = Cell("b", foreground: .palette(3))
        #expect(ANSIText.render(grid) == "\u{1B}[1;38;5;3ma\u{1B}[0;38;5;3mb\u{1B}[0m\n")
    }

    @Test("renderANSI prints only the fitted image, one line per row")
    func renderANSIShape() {
        let image = GrayImage(width: 8, height: 8, value: 128)
        let text = renderANSI(image: image, columns: 10, rows: 4, options: BlockImageOptions(colorMode: .truecolor))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(text.hasSuffix("\u{1B}[0m\n"))
        // A square image in 10x4 cells is 8 columns wide: 8 glyphs per line.
        #expect(lines.allSatisfy { $0.replacing(/\x1B\[[0-9;]*m/, with: "").count == 8 })
        #expect(text.contains("38;2;128;128;128"))
        #expect(renderANSI(image: image, columns: 0, rows: 4).isEmpty)
    }
}
