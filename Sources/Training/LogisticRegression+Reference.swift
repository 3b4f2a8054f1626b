import Numerics

extension LogisticRegression {
    /// Naive twin of `fit`: plain gradient descent with a fixed step 1/L, where
    /// L = (||[1, X]||_F² / 4 + λ) bounds the Hessian, so every step lowers the objective.
    /// Slow (thousands of iterations); for tests only.
    public static func fitByGradientDescent(_ x: [Double], rows n: Int, columns d: Int, labels: [Int], penalty: Double,
                                            unpenalised: Set<Int> = [], iterations: Int) -> LogisticRegression {
        var frobenius = Double(n)
        for v in x { frobenius += v * v }
        let rate = 1 / (frobenius / 4 + penalty)
        var model = LogisticRegression(intercept: 0, coefficients: [Double](repeating: 0, count: d))
        for _ in 0..<iterations {
            var gb = 0.0
            var g = [Double](repeating: 0, count: d)
            for i in 0..<n {
                let row = x[(i * d)..<((i + 1) * d)]
                let r = sigmoid(model.logit(row)) - Double(labels[i])
                gb += r
                for (j, v) in row.enumerated() { g[j] += r * v }
            }
            for j in 0..<d where !unpenalised.contains(j) { g[j] += penalty * model.coefficients[j] }
            model.intercept -= rate * gb
            for j in 0..<d { model.coefficients[j] -= rate * g[j] }
        }
        return model
    }
}
