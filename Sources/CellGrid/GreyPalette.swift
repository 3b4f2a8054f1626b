/// The 30 greys of the xterm 256-colour palette and nearest-grey lookup.
///
/// The 24-step ramp 232-255 (8, 18, ..., 238) plus the colour cube's greys 16 (0), 59 (95),
/// 102 (135), 145 (175), 188 (215) and 231 (255). System colours 0-15 are left out because
/// terminals theme them.
public enum GreyPalette {
    /// (palette index, grey level 0...255), sorted by level.
    public static let entries: [(index: UInt8, level: Float)] = {
        var e: [(index: UInt8, level: Float)] = (0..<XtermLevels.rampCount).map {
            (UInt8(XtermLevels.rampStart + $0), Float(XtermLevels.rampLevel($0)))
        }
        e += XtermLevels.cube.indices.map {
            (UInt8(XtermLevels.cubeIndex(r: $0, g: $0, b: $0)), Float(XtermLevels.cube[$0]))
        }
        return e.sorted { $0.level < $1.level }
    }()

    /// The palette entry whose level is closest to `grey` (ties go to the darker one).
    public static func nearest(_ grey: Float) -> (index: UInt8, level: Float) {
        let (lower, upper) = bracket(grey)
        return grey - lower.level <= upper.level - grey ? lower : upper
    }

    /// The two neighbouring entries with `lower.level <= grey <= upper.level` (equal at the ends).
    ///
    /// The levels are whole numbers, so the bracket of `grey` is the bracket of its floor: one
    /// table lookup (this runs four times per cell of every drawn film).
    @inline(__always)
    static func bracket(_ grey: Float) -> (lower: (index: UInt8, level: Float), upper: (index: UInt8, level: Float)) {
        let e = entries
        if !(grey > e[0].level) { return (e[0], e[0]) }   // also NaN
        if grey >= e[e.count - 1].level { return (e[e.count - 1], e[e.count - 1]) }
        let lo = Int(lowerEntry[Int(grey)])
        return (e[lo], e[lo + 1])
    }

    /// For each whole grey 0...255, the index in `entries` of the last level at or below it.
    private static let lowerEntry: [UInt8] = (0...255).map { grey in
        UInt8(entries.lastIndex { $0.level <= Float(grey) } ?? 0)
    }

    /// The bracket by binary search: the reference the table is tested against.
    static func bracketBySearch(_ grey: Float) -> (lower: (index: UInt8, level: Float), upper: (index: UInt8, level: Float)) {
        let e = entries
        if grey <= e[0].level { return (e[0], e[0]) }
        if grey >= e[e.count - 1].level { return (e[e.count - 1], e[e.count - 1]) }
        var lo = 0, hi = e.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if e[mid].level <= grey { lo = mid } else { hi = mid }
        }
        return (e[lo], e[hi])
    }
}
