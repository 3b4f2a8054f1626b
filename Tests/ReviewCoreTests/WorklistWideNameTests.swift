import CellGrid
import Testing
@testable import ReviewCore

@Test("worklist names in CJK fit the column at every width in whole characters, never U+FFFD")
func wideWorklistNames() {
    let names = ["山田太郎-胸部-0001.dcm", "山田太郎-胸部-0002.dcm", "佐藤花子-胸部-0001.dcm", "홍길동_흉부_12.dcm", "ab山田.dcm"]
    let shortened = WorklistNames(names: names)
    for width in 1...30 {
        for (i, name) in names.enumerated() {
            let shown = shortened.display(i, width: width)
            let full = Cell.width(of: name)
            #expect(Cell.width(of: shown) <= width, "\(name) at \(width): \(shown.debugDescription)")
            #expect(Cell.width(of: shown) >= width - 1 || !shown.hasSuffix("…"), "a cut end left more than a wide character's column")
            #expect(!shown.contains("\u{FFFD}"))
            #expect(shown.allSatisfy { $0 == "…" || $0 == " " || name.contains($0) })
            if full <= width { #expect(shown.hasPrefix(String(name.prefix(2)))) }
        }
    }
}
