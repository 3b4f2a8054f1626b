import Testing
@testable import CellGrid

@Test("the grey bracket table agrees with a binary search on every level, between levels and beyond the ends")
func greyBracketMatchesSearch() {
    var grey: Float = -10
    while grey <= 270 {
        let table = GreyPalette.bracket(grey), search = GreyPalette.bracketBySearch(grey)
        #expect(table.lower == search.lower && table.upper == search.upper, "grey \(grey)")
        #expect(table.lower.level <= max(grey, table.lower.level) && min(grey, table.upper.level) <= table.upper.level)
        grey += 0.125
    }
    for entry in GreyPalette.entries {
        #expect(GreyPalette.bracket(entry.level).lower == entry || entry.level == GreyPalette.entries.last!.level)
    }
}

@Test("the palette's cube greys and ramp come from the one table of xterm levels")
func greyPaletteFromXtermLevels() {
    let levels = GreyPalette.entries.map(\.level)
    #expect(levels == levels.sorted())
    #expect(GreyPalette.entries.count == 30)
    #expect(GreyPalette.entries.contains { $0.index == 59 && $0.level == 95 })
    #expect(GreyPalette.entries.contains { $0.index == 232 && $0.level == 8 })
    #expect(GreyPalette.entries.contains { $0.index == 255 && $0.level == 238 })
    #expect(XtermLevels.cubeRGB(16) == (0, 0, 0) && XtermLevels.cubeRGB(231) == (255, 255, 255))
    #expect(XtermLevels.cubeRGB(XtermLevels.cubeIndex(r: 5, g: 1, b: 2)) == (255, 95, 135))
}

@Test("the nearest cube level is the nearest by distance; ties go darker, or brighter when asked")
func nearestCubeLevelTies() {
    for v in 0...255 {
        let distances = XtermLevels.cube.map { abs($0 - v) }
        let best = distances.min()!
        #expect(XtermLevels.nearestCubeLevel(Float(v)) == distances.firstIndex(of: best)!, "v \(v)")
        #expect(XtermLevels.nearestCubeLevel(Float(v), tiesToBrighter: true) == distances.lastIndex(of: best)!, "v \(v)")
    }
    #expect(XtermLevels.nearestCubeLevel(155) == 2 && XtermLevels.nearestCubeLevel(155, tiesToBrighter: true) == 3)
}
