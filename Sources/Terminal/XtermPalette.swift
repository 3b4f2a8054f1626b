import CellGrid

/// The xterm 256-colour palette as RGB, and the nearest palette entry to an RGB colour.
enum XtermPalette {
    /// Entries 0...15 as xterm draws them by default (terminals may theme them).
    private static let system: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// RGB of palette entry `index` (xterm's defaults).
    static func rgb(_ index: UInt8) -> (Int, Int, Int) {
        let i = Int(index)
        if i < XtermLevels.cubeStart { return system[i] }
        if i >= XtermLevels.rampStart { let g = XtermLevels.rampLevel(i - XtermLevels.rampStart); return (g, g, g) }
        return XtermLevels.cubeRGB(i)
    }

    /// The palette entry (16...255) closest to `r, g, b` in squared RGB distance: the nearest
    /// cube entry (nearest level per channel) or the ramp grey nearest to the channels' mean,
    /// whichever is closer (the system colours are themed, so never chosen).
    static func nearest(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func level(_ v: UInt8) -> Int { XtermLevels.nearestCubeLevel(Float(v), tiesToBrighter: true) }
        let cube = XtermLevels.cubeIndex(r: level(r), g: level(g), b: level(b))
        let grey = XtermLevels.rampStart + nearestRampEntry(toGrey: (Int(r) + Int(g) + Int(b)) / 3)
        func distance(_ index: Int) -> Int {
            let (pr, pg, pb) = rgb(UInt8(index))
            return (pr - Int(r)) * (pr - Int(r)) + (pg - Int(g)) * (pg - Int(g)) + (pb - Int(b)) * (pb - Int(b))
        }
        return UInt8(distance(grey) < distance(cube) ? grey : cube)
    }

    /// Index (0..<24) of the ramp entry nearest to `grey` (0...255): `(grey - first) / step`
    /// rounded half up is `(grey - first + step / 2) / step`, clamped at both ends.
    static func nearestRampEntry(toGrey grey: Int) -> Int {
        let rounded = (grey - XtermLevels.rampFirst + XtermLevels.rampStep / 2) / XtermLevels.rampStep
        return min(XtermLevels.rampCount - 1, max(0, rounded))
    }
}
