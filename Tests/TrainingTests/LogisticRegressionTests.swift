import Foundation
import LinearAlgebra
import Numerics
import Testing
@testable import Training

@Suite("L2 logistic regression by Newton's method")
struct LogisticRegressionTests {
    @Test("reproduces the published hours-studied example (Wikipedia, 'Logistic regression'): b = -4.0777, beta = 1.5046")
    func publishedExample() throws {
        let hours = [0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50, 2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50]
        let passed = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1]
        let fit = try LogisticRegression.fit(hours, rows: 20, columns: 1, labels: passed, penalty: 0)
        #expect(abs(fit.intercept - -4.0777) < 1e-3)
        #expect(abs(fit.coefficients[0] - 1.5046) < 1e-3)
    }

    @Test("with one binary column and no penalty, the fit is the closed form: log odds of the reference group and the log odds ratio")
    func closedFormTwoByTwo() throws {
        // x = 0: 12 of 40 positive; x = 1: 30 of 45 positive.
        var x: [Double] = [], y: [Int] = []
        for i in 0..<40 { x.append(0); y.append(i < 12 ? 1 : 0) }
        for i in 0..<45 { x.append(1); y.append(i < 30 ? 1 : 0) }
        let fit = try LogisticRegression.fit(x, rows: 85, columns: 1, labels: y, penalty: 0)
        let reference = log(12.0 / 28.0), ratio = log((30.0 / 15.0) / (12.0 / 28.0))
        #expect(abs(fit.intercept - reference) < 1e-8)
        #expect(abs(fit.coefficients[0] - ratio) < 1e-8)
    }

    /// Random correlated features and labels drawn from a logistic model.
    private func problem(n: Int, d: Int, seed: UInt64) -> (x: [Double], y: [Int]) {
        var rng = SplitMix64(seed: seed)
        var x = [Double](repeating: 0, count: n * d), y: [Int] = []
        for i in 0..<n {
            let shared = Double(rng.normal(mean: 0, standardDeviation: 1))
            var z = 0.3
            for j in 0..<d {
                x[i * d + j] = shared + Double(rng.normal(mean: 0, standardDeviation: 1))
                z += (j % 2 == 0 ? 0.8 : -0.5) * x[i * d + j]
            }
            y.append(Double.random(in: 0..<1, using: &rng) < sigmoid(z) ? 1 : 0)
        }
        return (x, y)
    }

    @Test("Newton agrees with its naive twin (gradient descent) on a penalised problem, one column unpenalised")
    func agreesWithGradientDescent() throws {
        let (x, y) = problem(n: 80, d: 4, seed: 11)
        let newton = try LogisticRegression.fit(x, rows: 80, columns: 4, labels: y, penalty: 2, unpenalised: [3])
        let naive = LogisticRegression.fitByGradientDescent(x, rows: 80, columns: 4, labels: y, penalty: 2, unpenalised: [3], iterations: 60_000)
        #expect(abs(newton.intercept - naive.intercept) < 1e-5)
        for j in 0..<4 { #expect(abs(newton.coefficients[j] - naive.coefficients[j]) < 1e-5) }
        #expect(newton.objective(x, rows: 80, labels: y, penalty: 2, unpenalised: [3])
                <= naive.objective(x, rows: 80, labels: y, penalty: 2, unpenalised: [3]) + 1e-9)
    }

    @Test("the penalty shrinks coefficients but never the intercept; a warm start reaches the same fit")
    func penaltyShrinks() throws {
        let (x, y) = problem(n: 60, d: 3, seed: 5)
        let weak = try LogisticRegression.fit(x, rows: 60, columns: 3, labels: y, penalty: 0.01)
        let strong = try LogisticRegression.fit(x, rows: 60, columns: 3, labels: y, penalty: 1000)
        let norm = { (m: LogisticRegression) in m.coefficients.map { $0 * $0 }.reduce(0, +) }
        #expect(norm(strong) < 0.01 * norm(weak))
        // With the coefficients all but zero, the intercept is the log odds of the labels.
        let positives = Double(y.reduce(0, +))
        #expect(abs(strong.intercept - log(positives / (60 - positives))) < 0.05)
        let warm = try LogisticRegression.fit(x, rows: 60, columns: 3, labels: y, penalty: 0.01, start: strong)
        #expect(abs(warm.intercept - weak.intercept) < 1e-7)
    }

    @Test("soft targets: all targets t give the intercept logit(t) in closed form")
    func softTargets() throws {
        let x = [Double](repeating: 0, count: 10)   // one constant-zero column: only the intercept moves
        let fit = try LogisticRegression.fit(x, rows: 10, columns: 1, targets: [Double](repeating: 0.8, count: 10), penalty: 1)
        #expect(abs(fit.intercept - log(0.8 / 0.2)) < 1e-9)
    }

    @Test("collinear columns without a penalty are refused by the solver rather than giving nonsense")
    func singular() {
        let x: [Double] = [1, 1, 2, 2, 3, 3, 4, 4]
        #expect(throws: BLASError.self) {
            try LogisticRegression.fit(x, rows: 4, columns: 2, labels: [0, 1, 0, 1], penalty: 0)
        }
    }
}
