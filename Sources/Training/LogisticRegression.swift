import LinearAlgebra
import Numerics

/// Binary logistic regression with an L2 penalty, fitted by Newton's method (IRLS) on the
/// LAPACK Cholesky solver: minimises
///
///     Σ_i logloss(y_i, b + x_i·β) + (λ/2) Σ_{j penalised} β_j²
///
/// with the intercept b never penalised. `penalty` λ = 1/C in scikit-learn's convention.
/// The objective is convex; with λ > 0 on every column it is strictly convex. Newton steps are
/// halved until the objective falls, so the fit converges from any start. O(n d²) per step.
public struct LogisticRegression: Sendable, Equatable {
    /// The intercept b.
    public var intercept: Double
    /// The coefficients β, one per column.
    public var coefficients: [Double]

    public init(intercept: Double, coefficients: [Double]) {
        self.intercept = intercept
        self.coefficients = coefficients
    }

    /// The linear predictor b + x·β for one row of `d` values.
    public func logit(_ row: ArraySlice<Double>) -> Double {
        var s = intercept
        for (j, v) in row.enumerated() { s += coefficients[j] * v }
        return s
    }

    /// Linear predictors of every row of x (n, d) row-major.
    public func logits(_ x: [Double], rows n: Int) -> [Double] {
        let d = coefficients.count
        return (0..<n).map { logit(x[($0 * d)..<(($0 + 1) * d)]) }
    }

    /// The penalised objective (total log loss plus penalty, nats) at this fit.
    public func objective(_ x: [Double], rows n: Int, labels: [Int], penalty: Double, unpenalised: Set<Int> = []) -> Double {
        objective(x, rows: n, targets: labels.map(Double.init), penalty: penalty, unpenalised: unpenalised)
    }

    /// The penalised objective with soft targets in [0, 1].
    public func objective(_ x: [Double], rows n: Int, targets: [Double], penalty: Double, unpenalised: Set<Int> = []) -> Double {
        let z = logits(x, rows: n)
        var total = 0.0
        for i in 0..<n { total += logLoss(logit: z[i], target: targets[i]) }
        for (j, beta) in coefficients.enumerated() where !unpenalised.contains(j) { total += 0.5 * penalty * beta * beta }
        return total
    }

    /// Fits the model by Newton's method.
    ///
    /// - Parameters:
    ///   - x: features (n, d) row-major.
    ///   - labels: 0 or 1 per row.
    ///   - penalty: λ >= 0 on the coefficients (not the intercept).
    ///   - unpenalised: columns whose coefficient is not penalised either.
    ///   - start: a warm start (e.g. the fit at a neighbouring λ).
    /// - Throws: `BLASError` when the Hessian is singular (λ = 0 with collinear columns).
    public static func fit(_ x: [Double], rows n: Int, columns d: Int, labels: [Int], penalty: Double,
                           unpenalised: Set<Int> = [], start: LogisticRegression? = nil,
                           maxIterations: Int = 100) throws(BLASError) -> LogisticRegression {
        try fit(x, rows: n, columns: d, targets: labels.map(Double.init), penalty: penalty, unpenalised: unpenalised,
                start: start, maxIterations: maxIterations)
    }

    /// `fit` with soft targets in [0, 1] (e.g. Platt's smoothed labels), the same objective
    /// with `logloss(t, z) = -t log σ(z) - (1 - t) log(1 - σ(z))`.
    public static func fit(_ x: [Double], rows n: Int, columns d: Int, targets: [Double], penalty: Double,
                           unpenalised: Set<Int> = [], start: LogisticRegression? = nil,
                           maxIterations: Int = 100) throws(BLASError) -> LogisticRegression {
        precondition(x.count == n * d && targets.count == n, "LogisticRegression.fit: x is (n, d), one target per row")
        var model = start ?? LogisticRegression(intercept: 0, coefficients: [Double](repeating: 0, count: d))
        var current = model.objective(x, rows: n, targets: targets, penalty: penalty, unpenalised: unpenalised)
        let m = d + 1   // parameters: [b, β_0 ... β_{d-1}]
        for _ in 0..<maxIterations {
            // gradient g (m) and Hessian H (m, m) of the objective; row i's design is [1, x_i].
            var g = [Double](repeating: 0, count: m)
            var h = [Double](repeating: 0, count: m * m)
            for i in 0..<n {
                let row = x[(i * d)..<((i + 1) * d)]
                let p = sigmoid(model.logit(row))
                let r = p - targets[i], w = max(p * (1 - p), 1e-12)
                g[0] += r
                h[0] += w
                for (a, va) in row.enumerated() {
                    g[a + 1] += r * va
                    h[a + 1] += w * va            // (0, a+1)
                    let rowOffset = (a + 1) * m
                    let wa = w * va
                    for (b, vb) in row.enumerated() where b >= a { h[rowOffset + b + 1] += wa * vb }
                }
            }
            for a in 0..<m { for b in 0..<a { h[a * m + b] = h[b * m + a] } }   // mirror the upper triangle
            for j in 0..<d where !unpenalised.contains(j) {
                g[j + 1] += penalty * model.coefficients[j]
                h[(j + 1) * m + j + 1] += penalty
            }
            let step = try BLAS.solveSPD(a: h, b: g, n: m, nrhs: 1)
            var t = 1.0
            var next = model
            var value = current
            while t > 1e-8 {
                next.intercept = model.intercept - t * step[0]
                for j in 0..<d { next.coefficients[j] = model.coefficients[j] - t * step[j + 1] }
                value = next.objective(x, rows: n, targets: targets, penalty: penalty, unpenalised: unpenalised)
                if value <= current { break }
                t /= 2
            }
            guard value <= current else { break }
            let decrease = current - value
            model = next
            current = value
            // Newton decrement-style stop: the step no longer changes the objective.
            if decrease <= 1e-12 * max(1, abs(current)) { break }
        }
        return model
    }
}
