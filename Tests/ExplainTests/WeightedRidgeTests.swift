import Imaging
import Numerics
import Testing
@testable import Explain

@Suite("Weighted ridge surrogate")
struct WeightedRidgeTests {
    /// Naive reference: builds X = [1 | Z] densely and solves the penalised normal equations by
    /// Gaussian elimination with partial pivoting.
    static func naiveFit(z: [UInt8], M: Int, y: [Double], w: [Double], lambda: Double) -> [Double] {
        let n = y.count, D = M + 1
        var a = [[Double]](repeating: [Double](repeating: 0, count: D + 1), count: D)
        for r in 0..<n {
            let x = [1.0] + (0..<M).map { Double(z[r * M + $0]) }
            for i in 0..<D {
                for j in 0..<D { a[i][j] += w[r] * x[i] * x[j] }
                a[i][D] += w[r] * x[i] * y[r]
            }
        }
        for i in 1..<D { a[i][i] += lambda }
        for col in 0..<D {
            let pivot = (col..<D).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            a.swapAt(col, pivot)
            for row in 0..<D where row != col {
                let f = a[row][col] / a[col][col]
                for k in col...D { a[row][k] -= f * a[col][k] }
            }
        }
        return (0..<D).map { a[$0][D] / a[$0][$0] }
    }

    @Test("the LAPACK fit matches the naive normal-equation solve on random data")
    func matchesNaive() throws {
        var rng = SplitMix64(seed: 5)
        let M = 12, n = 300
        let z = (0..<(n * M)).map { _ in UInt8(rng.index(below: 2)) }
        let y = (0..<n).map { _ in Double(rng.standardNormal()) }
        let w = (0..<n).map { _ in Double(rng.unitFloat()) }
        let fit = try WeightedRidge.fit(z: z, features: M, y: y, w: w, lambda: 1)
        let ref = Self.naiveFit(z: z, M: M, y: y, w: w, lambda: 1)
        #expect(abs(fit.intercept - ref[0]) < 1e-9)
        for j in 0..<M { #expect(abs(fit.coefficients[j] - ref[j + 1]) < 1e-9) }
    }

    @Test("an exactly linear target is recovered with R² near 1 when the penalty is small")
    func recoversLinear() throws {
        var rng = SplitMix64(seed: 6)
        let M = 8, n = 400
        let truth: [Double] = [3, 0, -1, 0.5, 0, 0, 2, -2]
        let z = (0..<(n * M)).map { _ in UInt8(rng.index(below: 2)) }
        let y = (0..<n).map { r in 2 + (0..<M).reduce(0.0) { $0 + truth[$1] * Double(z[r * M + $1]) } }
        let w = [Double](repeating: 1, count: n)
        let fit = try WeightedRidge.fit(z: z, features: M, y: y, w: w, lambda: 1e-6)
        #expect(abs(fit.intercept - 2) < 1e-4)
        for j in 0..<M { #expect(abs(fit.coefficients[j] - truth[j]) < 1e-4) }
        #expect(try #require(fit.r2) > 0.999999)
    }

    @Test("the intercept is not penalised: a constant target gives zero weights and an undefined R²")
    func constantTarget() throws {
        var rng = SplitMix64(seed: 7)
        let M = 10, n = 200
        let z = (0..<(n * M)).map { _ in UInt8(rng.index(below: 2)) }
        let fit = try WeightedRidge.fit(z: z, features: M, y: [Double](repeating: 4.25, count: n),
                                        w: (0..<n).map { _ in Double(rng.unitFloat()) + 0.1 }, lambda: 10)
        #expect(abs(fit.intercept - 4.25) < 1e-9)
        #expect(fit.coefficients.allSatisfy { abs($0) < 1e-9 })
        #expect(fit.r2 == nil)
    }

    @Test("mismatched sizes are a typed error, not a trap")
    func badSizes() {
        #expect(throws: ExplainError.self) {
            try WeightedRidge.fit(z: [1, 0, 1], features: 2, y: [1, 2], w: [1, 1], lambda: 1)
        }
    }
}
