import LinearAlgebra

/// A failure of the surrogate fit, with a one-line reason.
public enum ExplainError: Error, Equatable, CustomStringConvertible {
    /// The normal equations could not be solved.
    case regressionFailed(String)
    /// The inputs do not fit together.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .regressionFailed(let why): return "LIME regression failed: \(why)"
        case .invalidInput(let why): return "LIME: \(why)"
        }
    }
}

/// Weighted ridge regression on a binary design with an unpenalised intercept, the LIME surrogate.
public enum WeightedRidge {
    /// The fitted surrogate: y ≈ intercept + Σ coefficients[j] z_j.
    public struct Fit: Sendable, Equatable {
        /// One coefficient per feature.
        public var coefficients: [Double]
        /// The unpenalised intercept.
        public var intercept: Double
        /// Weighted R²; nil when the weighted variance of y is (numerically) zero.
        public var r2: Double?
    }

    /// Solves (XᵀWX + λD) β = XᵀWy for X = [1 | Z] and D = diag(0, 1, ..., 1) with LAPACK (dposv).
    ///
    /// - Parameters:
    ///   - z: (n, M) row-major 0/1 design.
    ///   - y: n targets; w: n non-negative sample weights; lambda: ridge penalty (lime uses 1).
    /// Cost O(n * on² + M³) where `on` is the number of ones per row.
    public static func fit(z: [UInt8], features M: Int, y: [Double], w: [Double], lambda: Double) throws(ExplainError) -> Fit {
        let n = y.count
        guard M > 0, n > 0, z.count == n * M, w.count == n else {
            throw .invalidInput("design is \(z.count) values for \(n) samples of \(M) features, \(w.count) weights")
        }
        let D = M + 1
        var a = [Double](repeating: 0, count: D * D)  // upper triangle accumulated, then mirrored
        var b = [Double](repeating: 0, count: D)
        var on = [Int](repeating: 0, count: M)
        for r in 0..<n {
            let wr = w[r], wy = wr * y[r]
            var k = 0
            for j in 0..<M where z[r * M + j] != 0 { on[k] = j + 1; k += 1 }
            a[0] += wr
            b[0] += wy
            for p in 0..<k {
                let i = on[p]
                a[i] += wr            // row 0: Σ w z_i
                b[i] += wy
                for q in p..<k { a[i * D + on[q]] += wr }
            }
        }
        for i in 1..<D {
            a[i * D + i] += lambda
            a[i * D] = a[i]
            for j in (i + 1)..<D { a[j * D + i] = a[i * D + j] }
        }
        let beta: [Double]
        do { beta = try BLAS.solveSPD(a: a, b: b, n: D, nrhs: 1) } catch {
            throw .regressionFailed(error.description)
        }
        // Weighted R² of the fit on the samples.
        var sw = 0.0, swy = 0.0
        for r in 0..<n { sw += w[r]; swy += w[r] * y[r] }
        let mean = sw > 0 ? swy / sw : 0
        var total = 0.0, residual = 0.0
        for r in 0..<n {
            var yhat = beta[0]
            for j in 0..<M where z[r * M + j] != 0 { yhat += beta[j + 1] }
            total += w[r] * (y[r] - mean) * (y[r] - mean)
            residual += w[r] * (y[r] - yhat) * (y[r] - yhat)
        }
        let scale = max(1, mean * mean) * max(sw, .leastNormalMagnitude)
        let r2: Double? = total > 1e-20 * scale ? 1 - residual / total : nil
        return Fit(coefficients: Array(beta[1...]), intercept: beta[0], r2: r2)
    }
}
