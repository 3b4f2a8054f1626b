import CellGrid
import Testing
@testable import ReviewCore

/// The worklist's name column at `width` x `height`: the name part of every film row shown.
private func shownNames(_ paths: [String], width: Int = 80, height: Int = 24) -> [String] {
    let state = AppState(studyName: "s", paths: paths, reviewer: "ana", modelID: "m", threshold: 0.5,
                         width: width, height: height)
    let grid = state.view()
    let columns = Worklist.nameWidth(in: state.layout.worklist.width)
    return (0..<min(paths.count, state.layout.worklistRows)).map { row in
        let y = state.layout.worklist.y + 1 + row
        let text = (Worklist.markColumns..<(Worklist.markColumns + columns)).map { grid[$0, y].symbol }.joined()
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// Kermany's `NORMAL2-IM-<patient>-<view>.jpeg` names.
private let kermany = (0..<15).map { "NORMAL2-IM-\(1427 + $0 * 3)-000\(1 + $0 % 2).jpeg" }

@Test("at 80x24, 15 Kermany names sharing NORMAL2-IM- are all distinct and keep their digits")
func kermanyNamesDistinct() {
    let names = shownNames(kermany)
    #expect(names.count == 15)
    #expect(Set(names).count == 15)
    for (name, path) in zip(names, kermany) {
        let digits = path.split(separator: "-")[2]
        #expect(name.contains(digits), "\(name) lost \(digits)")
    }
    // 20 columns: the whole name fits once the shared extension is left out (the header says it).
    #expect(names[0] == "NORMAL2-IM-1427-0001")
    let state = AppState(studyName: "s", paths: kermany, reviewer: "ana", modelID: "m", threshold: 0.5)
    #expect(state.view().debugText.contains(" film (.jpeg)"))
}

@Test("at 60x15 the shared prefix gives way before the distinguishing digits")
func kermanyNamesNarrow() {
    let names = shownNames(kermany, width: 60, height: 15)
    #expect(Set(names).count == names.count)
    #expect(names.allSatisfy { $0.hasPrefix("…") })
    for (name, path) in zip(names, kermany) { #expect(name.contains(path.split(separator: "-")[2])) }
}

@Test("DICOM UID names that differ only in the last component stay distinct at 80x24")
func uidNamesDistinct() {
    let root = "1.2.826.0.1.3680043.8.498.10368240148357212096"
    let paths = (0..<12).map { "\(root).\(90 + $0 * 7)" + ($0 == 3 ? ".1" : "") }
    let names = shownNames(paths)
    #expect(Set(names).count == 12)
    #expect(names.allSatisfy { $0.hasPrefix("…") && Cell.width(of: $0) <= 20 })
    // In name order: …104, …111.1, …118, ...
    #expect(names[0] == "…104")
    #expect(names[1] == "…111.1")
}

@Test("a mixed study keeps its extensions; a name shared by two folders is shortened in the middle")
func mixedAndDuplicateNames() {
    let names = WorklistNames(names: ["a.dcm", "b.jpeg", "c"])
    #expect(names.sharedExtension == nil)
    #expect(names.display(1, width: 20) == "b.jpeg")
    let twins = WorklistNames(names: ["person1000_bacteria_2931.jpeg", "person1000_bacteria_2931.jpeg"])
    #expect(twins.display(0, width: 20) == CellGrid.fitMiddle("person1000_bacteria_2931", width: 20))
}

@Test("names are cut at word boundaries: after a separator or between letters and digits")
func wordBoundaries() {
    let names = WorklistNames(names: ["person1000_bacteria_2931.jpeg", "person1001_virus_2932.jpeg",
                                      "person1002_bacteria_2933.jpeg"])
    // Shared start "person100" is cut back to "person" (letters to digits).
    #expect(names.display(0, width: 20) == "…1000_bacteria_2931")
    #expect(names.display(1, width: 20) == "…1001_virus_2932")
    #expect(names.display(1, width: 22) == "person1001_virus_2932")
    // Too narrow even for the own part and the shared end: the end gives way next.
    let uid = WorklistNames(names: ["IM-0001-0001.dcm", "IM-0002-0001.dcm"])
    #expect(uid.display(0, width: 7) == "…0001-…")
    #expect(uid.display(0, width: 4) == "…0…1")
    #expect(uid.display(1, width: 11) == "…0002-0001")
}
