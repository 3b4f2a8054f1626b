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
