import Foundation

/// Mean SSIM over 8x8 windows (Wang et al. constants for 8-bit greys).
public func meanSSIM(_ a: [Float], _ b: [Float], width: Int, height: Int) -> Double {
    let c1 = pow(0.01 * 255.0, 2), c2 = pow(0.03 * 255.0, 2)
    var total = 0.0, windows = 0
    for y0 in stride(from: 0, through: height - 8, by: 8) {
        for x0 in stride(from: 0, through: width - 8, by: 8) {
            var ma = 0.0, mb = 0.0
            for y in y0..<(y0 + 8) { for x in x0..<(x0 + 8) { ma += Double(a[y * width + x]); mb += Double(b[y * width + x]) } }
            ma /= 64; mb /= 64
            var va = 0.0, vb = 0.0, cov = 0.0
            for y in y0..<(y0 + 8) {
                for x in x0..<(x0 + 8) {
                    let da = Double(a[y * width + x]) - ma, db = Double(b[y * width + x]) - mb
                    va += da * da; vb += db * db; cov += da * db
                }
            }
            va /= 63; vb /= 63; cov /= 63
            total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
            windows += 1
        }
    }
    return total / Double(max(1, windows))
}
