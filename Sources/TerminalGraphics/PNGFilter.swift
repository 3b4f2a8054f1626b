/// PNG's per-row prediction filters (PNG spec 9.2), chosen row by row with the minimum sum
/// of absolute differences heuristic the spec recommends, which makes flat and smooth
/// films mostly small residuals for deflate.
enum PNGFilter: UInt8, CaseIterable {
    case none = 0, sub, up, average, paeth

    /// Every row of `bytes` (`height` rows of `rowBytes`, `bytesPerPixel` per pixel) prefixed
    /// by its filter type and filtered: `height * (rowBytes + 1)` bytes.
    static func filterRows(_ bytes: [UInt8], rowBytes: Int, height: Int, bytesPerPixel: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: height * (rowBytes + 1))
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        bytes.withUnsafeBufferPointer { all in
            zeros.withUnsafeBufferPointer { zeros in
                out.withUnsafeMutableBufferPointer { out in
                    for y in 0..<height {
                        let row = UnsafeBufferPointer(rebasing: all[(y * rowBytes)..<((y + 1) * rowBytes)])
                        let above = y > 0 ? UnsafeBufferPointer(rebasing: all[((y - 1) * rowBytes)..<(y * rowBytes)]) : zeros
                        let target = UnsafeMutableBufferPointer(rebasing: out[(y * (rowBytes + 1) + 1)..<((y + 1) * (rowBytes + 1))])
                        // Scores first (no stores), then the winner written once.
                        var best = PNGFilter.none, bestScore = Int.max
                        for filter in allCases {
                            let score = run(filter, row: row, above: above, bytesPerPixel: bytesPerPixel, into: nil)
                            if score < bestScore { bestScore = score; best = filter }
                        }
                        out[y * (rowBytes + 1)] = best.rawValue
                        _ = run(best, row: row, above: above, bytesPerPixel: bytesPerPixel, into: target)
                    }
                }
            }
        }
        return out
    }

    /// Filters one row, storing the residuals in `out` when given; returns the sum of
    /// |residual| (residuals read as signed bytes). One loop per filter, so each is tight.
    private static func run(_ filter: PNGFilter, row: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>,
                            bytesPerPixel bpp: Int, into out: UnsafeMutableBufferPointer<UInt8>?) -> Int {
        @inline(__always) func body(_ predict: (Int) -> UInt8) -> Int {
            var score = 0
            for i in 0..<row.count {
                let residual = row[i] &- predict(i)
                out?[i] = residual
                score += Int(residual < 128 ? residual : 0 &- residual)
            }
            return score
        }
        switch filter {
        case .none: return body { _ in 0 }
        case .sub: return body { i in i >= bpp ? row[i - bpp] : 0 }
        case .up: return body { i in above[i] }
        case .average: return body { i in UInt8((Int(i >= bpp ? row[i - bpp] : 0) + Int(above[i])) / 2) }
        case .paeth: return body { i in i >= bpp ? paeth(row[i - bpp], above[i], above[i - bpp]) : above[i] }
        }
    }

    /// The Paeth predictor: whichever of left, above, upper-left is nearest to left + above - upper-left.
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
