/// The RGB levels of the xterm 256-colour palette's two regular parts, defined once: the
/// 6x6x6 colour cube (entries 16...231) and the 24-step grey ramp (entries 232...255).
///
/// These are xterm's defaults (the values CursesScreen and the snapshots assume); entries 0...15
/// are left out because terminals theme them.
public enum XtermLevels {
    /// Level of each cube channel index 0...5, in 0...255.
    public static let cube: [Int] = [0, 95, 135, 175, 215, 255]
    /// Palette index of the cube's first entry (channel indices 0, 0, 0).
    public static let cubeStart = 16
    /// Palette index of the grey ramp's first entry.
    public static let rampStart = 232
    /// Entries in the grey ramp.
    public static let rampCount = 24
    /// Grey level of the ramp's first entry; each next entry is `rampStep` brighter.
    public static let rampFirst = 8
    /// Grey levels between neighbouring ramp entries (8, 18, ..., 238).
    public static let rampStep = 10

    /// Palette index of the cube entry with channel indices `r`, `g`, `b` (each 0...5).
    public static func cubeIndex(r: Int, g: Int, b: Int) -> Int {
        cubeStart + 36 * r + 6 * g + b
    }

    /// RGB of the cube entry at palette index `index` (16...231).
    public static func cubeRGB(_ index: Int) -> (Int, Int, Int) {
        let c = index - cubeStart
        return (cube[c / 36], cube[c / 6 % 6], cube[c % 6])
    }

    /// Grey level of ramp entry `i` (0..<rampCount).
    public static func rampLevel(_ i: Int) -> Int { rampFirst + rampStep * i }

    /// Index 0...5 of the cube level nearest to `v` (0...255). Ties go to the darker level,
    /// or to the brighter one with `tiesToBrighter` (the rounding `XtermPalette` has always used).
    public static func nearestCubeLevel(_ v: Float, tiesToBrighter: Bool = false) -> Int {
        var best = 0
        for i in 1..<cube.count {
            let d = abs(Float(cube[i]) - v), bestD = abs(Float(cube[best]) - v)
            if d < bestD || (tiesToBrighter && d == bestD) { best = i }
        }
        return best
    }
}
