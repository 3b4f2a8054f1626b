import Testing
import CellGrid

@Suite("CellGrid")
struct CellGridTests {
    @Test("put writes styled text and returns the next column")
    func putWritesText() {
        var grid = CellGrid(width: 5, height: 2)
        let style = Style(foreground: .palette(196), attributes: .bold)
        let next = grid.put("abc", at: Position(x: 1, y: 1), style: style)
        #expect(next == 4)
        #expect(grid[1, 1] == Cell("a", style: style))
        #expect(grid[3, 1].symbol == "c")
        #expect(grid[0, 1] == .blank)
        #expect(grid[4, 1] == .blank)
    }

    @Test("put clips to the clip rect and to the grid")
    func putClips() {
        var grid = CellGrid(width: 6, height: 2)
        grid.put("abcdef", at: Position(x: 1, y: 0), clippedTo: Rect(x: 2, y: 0, width: 3, height: 1))
        #expect(grid.debugText.hasPrefix("\"  bcd \"\n"))
        grid.put("xyz", at: Position(x: 4, y: 1))
        grid.put("q", at: Position(x: 0, y: 5))
        grid.put("q", at: Position(x: -1, y: 1))
        #expect(grid.debugText.hasPrefix("\"  bcd \"\n\"    xy\""))
    }

    @Test("text starting well left of the clip shows only its part inside (it used to trap)")
    func putStartsLeftOfClip() {
        var grid = CellGrid(width: 6, height: 1)
        let end = grid.put("abcdef", at: Position(x: 0, y: 0), clippedTo: Rect(x: 4, y: 0, width: 2, height: 1))
        #expect(grid.debugText.hasPrefix("\"    ef\""))
        #expect(end == 6)
        grid.put("漢字", at: Position(x: -3, y: 0), clippedTo: Rect(x: 0, y: 0, width: 2, height: 1))
        #expect(grid.debugText.hasPrefix("\" ") && grid[0, 0].symbol == " ")
    }

    @Test("a wide character takes two cells and its right half is a continuation")
    func wideCharacterTakesTwoCells() {
        var grid = CellGrid(width: 5, height: 1)
        let next = grid.put("中a", at: Position(x: 0, y: 0))
        #expect(next == 3)
        #expect(grid[0, 0].symbol == "中")
        #expect(grid[1, 0].isContinuation)
        #expect(grid[2, 0].symbol == "a")
        #expect(Cell.columnWidth(of: "中") == 2)
        #expect(Cell.columnWidth(of: "\u{2580}") == 1)
        #expect(Cell.columnWidth(of: "e\u{301}") == 1)
    }

    @Test("a wide character cut by the clip edge becomes a blank, not half a glyph")
    func wideCharacterAtEdge() {
        var grid = CellGrid(width: 3, height: 1)
        let next = grid.put("ab中", at: Position(x: 0, y: 0))
        #expect(next == 3)
        #expect(grid[2, 0].symbol == " ")
    }

    @Test("overwriting half of a wide character blanks the other half")
    func overwritingHalfOfWideCharacter() {
        var grid = CellGrid(width: 4, height: 1)
        grid.put("中中", at: Position(x: 0, y: 0))
        grid.put("x", at: Position(x: 1, y: 0))
        #expect(grid[0, 0].symbol == " ")
        #expect(grid[1, 0].symbol == "x")
        grid.put("y", at: Position(x: 2, y: 0))
        #expect(grid[3, 0].symbol == " ")
        #expect(!grid.cells.contains { $0.isContinuation })
    }

    @Test("fill sets every cell of the rect clipped to the grid")
    func fillClips() {
        var grid = CellGrid(width: 3, height: 3)
        let red = Cell("#", background: .palette(1))
        grid.fill(Rect(x: 1, y: 1, width: 10, height: 10), with: red)
        #expect(grid.cells.filter { $0 == red }.count == 4)
        #expect(grid[0, 0] == .blank)
    }

    @Test("zero-size grids and rects draw nothing and do not crash")
    func zeroSize() {
        var empty = CellGrid(width: 0, height: 0)
        empty.put("abc", at: Position(x: 0, y: 0))
        empty.fill(empty.area, with: Cell("x"))
        #expect(empty.cells.isEmpty)
        #expect(empty.diff(from: CellGrid(width: 0, height: 0)).isEmpty)
        var grid = CellGrid(width: 3, height: 1)
        grid.put("abc", at: Position(x: 0, y: 0), clippedTo: .zero)
        grid.fill(Rect(x: 1, y: 0, width: 0, height: 1), with: Cell("x"))
        #expect(grid == CellGrid(width: 3, height: 1))
        #expect(Rect(x: 0, y: 0, width: -3, height: 2).isEmpty)
    }

    @Test("diff returns only the cells that changed")
    func diffReturnsOnlyChanges() {
        var old = CellGrid(width: 4, height: 2)
        old.put("abcd", at: Position(x: 0, y: 0))
        var new = old
        new.put("X", at: Position(x: 2, y: 0))
        new[1, 1] = Cell(" ", background: .rgb(1, 2, 3))
        #expect(new.diff(from: old) == [
            CellChange(x: 2, y: 0, cell: Cell("X")),
            CellChange(x: 1, y: 1, cell: Cell(" ", background: .rgb(1, 2, 3))),
        ])
        #expect(new.diff(from: new).isEmpty)
    }

    @Test("diff skips the continuation of a wide character it already draws")
    func diffSkipsContinuation() {
        let old = CellGrid(width: 3, height: 1)
        var new = old
        new.put("中", at: Position(x: 1, y: 0))
        #expect(new.diff(from: old) == [CellChange(x: 1, y: 0, cell: Cell("中"))])
    }

    @Test("diff against a grid of another size redraws everything")
    func diffAfterResize() {
        let new = CellGrid(width: 2, height: 2)
        #expect(new.diff(from: CellGrid(width: 3, height: 1)).count == 4)
    }

    @Test("debug text shows content rows then style runs")
    func debugTextSnapshot() {
        var grid = CellGrid(width: 4, height: 2)
        grid.put("hi", at: Position(x: 0, y: 0), style: Style(foreground: .palette(2), attributes: [.bold, .underline]))
        grid.put("中", at: Position(x: 1, y: 1), style: Style(background: .rgb(9, 8, 7)))
        #expect(grid.debugText == """
        "hi  "
        " 中 "
        styles:
          y0 x0-1 fg=p2 bg=default bold+underline
          y1 x1-2 fg=default bg=rgb(9,8,7) none
        """)
    }
}
