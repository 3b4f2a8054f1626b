import CellGrid

/// The xterm 256-colour palette as RGB, and the nearest palette entry to an RGB colour.
enum XtermPalette {
    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]
    private static let system: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// RGB of palette entry `index` (xterm's defaults).
    static func rgb(_ index: UInt8) -> (Int, Int, Int) {
        let i = Int(index)
        if i < 16 { return system[i] }
        if i >= 232 { let g = 8 + 10 * (i - 232); return (g, g, g) }
        let c = i - 16
        return (cubeLevels[c / 36], cubeLevels[c / 6 % 6], cubeLevels[c % 6])
    }

    /// The palette entry (16...255) closest to `r, g, b` in squared RGB distance.
    static func nearest(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        let (ri, gi, bi) = (level(Int(r)), level(Int(g)), level(Int(b)))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = 232 + greyIndex
        func distance(_ index: Int) -> Int {
            let (pr, pg, pb) = rgb(UInt8(index))
            return (pr - Int(r)) * (pr - Int(r)) + (pg - Int(g)) * (pg - Int(g)) + (pb - Int(b)) * (pb - Int(b))
        }
        return UInt8(distance(grey) < distance(cube) ? grey : cube)
    }
}
