import Testing
@testable import CellGrid

/// Mixed narrow and wide (CJK) texts, every wide character at some cut position.
private let samples = ["山田太郎", "a山田b", "a山bc田", "Yamada^Tarou=山田^太郎=やまだ^たろう", "홍^길동", "ﾔﾏﾀﾞ^ﾀﾛｳ", "ab山"]

/// True when the grid row holds no U+FFFD and every continuation cell follows a wide character.
private func wellFormed(_ grid: CellGrid, row y: Int) -> Bool {
    (0..<grid.width).allSatisfy { x in
        let cell = grid[x, y]
        if cell.symbol.contains("\u{FFFD}") { return false }
        if cell.isContinuation { return x > 0 && grid[x - 1, y].columnWidth == 2 }
        if cell.columnWidth == 2 { return x + 1 < grid.width && grid[x + 1, y].isContinuation }
        return true
    }
}

@Suite("wide characters at a column boundary")
struct WideCharacterFitTests {
    @Test("fit drops a wide character that does not fit whole and pads its column: never half a glyph, never U+FFFD")
    func fitAtTheBoundary() {
        #expect(CellGrid.fit("山田太郎", width: 5) == "山田…")
        #expect(CellGrid.fit("山田太郎", width: 4) == "山… ")
        #expect(CellGrid.fit("ab山", width: 3) == "ab…")
        #expect(CellGrid.fit("a山田", width: 3) == "a… ")
        #expect(CellGrid.fit("山田", width: 1) == "…")
        #expect(CellGrid.fit("山田", width: 4) == "山田")
    }

    @Test("fitMiddle gives a column the head cannot use to the tail, and pads only what neither can use")
    func fitMiddleAtTheBoundary() {
        #expect(CellGrid.fitMiddle("a山bc田", width: 5) == "a…c田")
        #expect(CellGrid.fitMiddle("a山田b", width: 4) == "a…b ")
        #expect(CellGrid.fitMiddle("山田太郎花子", width: 6) == "山…子 ")
        #expect(CellGrid.fitMiddle("山a田b", width: 4) == "山…b")
    }

    @Test("every cut of every sample takes exactly the width asked for and keeps whole characters only")
    func sweep() {
        for text in samples {
            let full = Cell.width(of: text)
            for width in 1...(full + 1) {
                for (name, fitted) in [("fit", CellGrid.fit(text, width: width)), ("fitMiddle", CellGrid.fitMiddle(text, width: width))] {
                    #expect(Cell.width(of: fitted) == min(width, full), "\(name)(\(text), \(width)) = \(fitted.debugDescription)")
                    #expect(!fitted.contains("\u{FFFD}"))
                    #expect(fitted.allSatisfy { $0 == "…" || $0 == " " || text.contains($0) })
                }
                let start = Cell.prefix(of: text, columns: width), end = Cell.suffix(of: text, columns: width)
                #expect(start.width <= width && end.width <= width && text.hasPrefix(start.text) && text.hasSuffix(end.text))
                #expect(start.width >= width - 1 || start.text == text, "a narrower start left out a character that fits")
            }
        }
    }

    @Test("putLine and a clipped put into every width leave no half glyph, no orphan continuation and no U+FFFD")
    func gridRows() {
        for text in samples {
            for width in 1...(Cell.width(of: text) + 1) {
                var grid = CellGrid(width: width + 2, height: 2)
                grid.putLine(text, in: Rect(x: 1, y: 0, width: width, height: 1))
                grid.put(text, at: Position(x: 1, y: 1), clippedTo: Rect(x: 1, y: 1, width: width, height: 1))
                #expect(wellFormed(grid, row: 0) && wellFormed(grid, row: 1), "\(text) at \(width)")
                #expect(grid[width + 1, 0].symbol == " " && grid[width + 1, 1].symbol == " ", "\(text) spilled past \(width)")
                #expect(!ANSIText.render(grid).contains("\u{FFFD}"))
            }
        }
    }
}
