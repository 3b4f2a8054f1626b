/// PNG's per-row prediction filters (PNG spec 9.2), chosen row by row with the minimum sum
/// of absolute differences heuristic the spec recommends, which makes flat and smooth
/// films mostly small residuals for deflate.
enum PNGFilter: UInt8, CaseIterable {
    case none = 0, sub, up, average, paeth

    /// Every row of `bytes` (`height` rows of `rowBytes`, `bytesPerPixel` per pixel) prefixed
    /// by its filter type and filtered: `height * (rowBytes + 1)` bytes.
    static func filterRows(_ bytes: [UInt8], rowBytes: Int, height: Int, bytesPerPixel: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: height * (rowBytes + 1))
        var candidates = [[UInt8]](repeating: [UInt8](repeating: 0, count: rowBytes), count: allCases.count)
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        bytes.withUnsafeBufferPointer { all in
            for y in 0..<height {
                let row = UnsafeBufferPointer(rebasing: all[(y * rowBytes)..<((y + 1) * rowBytes)])
                zeros.withUnsafeBufferPointer { zeros in
                    let above = y > 0 ? UnsafeBufferPointer(rebasing: all[((y - 1) * rowBytes)..<(y * rowBytes)]) : zeros
                    var best = 0, bestScore = Int.max
                    for filter in allCases {
                        let score = candidates[Int(filter.rawValue)].withUnsafeMutableBufferPointer {
                            apply(filter, row: row, above: above, bytesPerPixel: bytesPerPixel, into: $0)
                        }
                        if score < bestScore { bestScore = score; best = Int(filter.rawValue) }
                    }
                    let start = y * (rowBytes + 1)
                    out[start] = UInt8(best)
                    out.replaceSubrange((start + 1)...(start + rowBytes), with: candidates[best])
                }
            }
        }
        return out
    }

    /// Filters one row into `out`; returns the sum of |residual| (residuals read as signed bytes).
    private static func apply(_ filter: PNGFilter, row: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>,
                              bytesPerPixel bpp: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var score = 0
        for i in 0..<row.count {
            let a = i >= bpp ? row[i - bpp] : 0, b = above[i], c = i >= bpp ? above[i - bpp] : 0
            let prediction: UInt8 = switch filter {
            case .none: 0
            case .sub: a
            case .up: b
            case .average: UInt8((Int(a) + Int(b)) / 2)
            case .paeth: paeth(a, b, c)
            }
            let residual = row[i] &- prediction
            out[i] = residual
            score += Int(residual < 128 ? residual : 0 &- residual)
        }
        return score
    }

    /// The Paeth predictor: whichever of left, above, upper-left is nearest to left + above - upper-left.
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
