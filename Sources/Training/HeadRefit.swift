import LinearAlgebra
import Numerics

/// Last-layer re-training on a site's labelled films (as in Kirichenko et al. 2022, "Last Layer
/// Re-Training is Sufficient for Robustness to Spurious Correlations"): an L2 logistic
/// regression on the network's penultimate features plus its own logit, every column
/// standardised, the L2 strength chosen by cross-validation grouped by patient.
///
/// The base logit's coefficient is not penalised, so the strongest penalty shrinks the refit
/// towards Platt recalibration of the base model rather than towards a constant: the method
/// nests recalibration. The targets are Platt's smoothed labels, (N+ + 1)/(N+ + 2) and
/// 1/(N- + 2), as in `Calibration.fitPlatt`: without them a small site that the base logit
/// separates drives its unpenalised coefficient to infinity (40-film sites gave out-of-fold
/// log losses of 0.4-0.9 against recalibration's 0.26-0.30). Pure: features in, values out.
public enum HeadRefit {
    /// Inverse L2 strengths C (λ = 1/C, scikit-learn's convention) tried by cross-validation.
    public static let inverseStrengths: [Double] = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100]

    /// A fitted head: standardisation of each column, then the regression.
    public struct Head: Sendable, Equatable {
        /// Column means and scales (population standard deviation; 1 for constant columns).
        public var mean: [Double]
        public var scale: [Double]
        public var regression: LogisticRegression
        /// The C the head was fitted with.
        public var inverseStrength: Double

        /// The refit logit of one film's design row (features then base logit, unstandardised).
        public func logit(_ row: [Double]) -> Double {
            var s = regression.intercept
            for j in row.indices { s += regression.coefficients[j] * (row[j] - mean[j]) / scale[j] }
            return s
        }

        /// The head as one dense layer on the features alone, for a network whose own logit is
        /// `baseWeights · f + baseBias`: since that logit is linear in the same features, the
        /// standardisation and the base-logit term fold into new weights and bias exactly.
        public func dense(baseWeights w: [Double], baseBias b: Double) -> (weights: [Double], bias: Double) {
            let f = w.count
            precondition(mean.count == f + 1, "the head has \(mean.count - 1) features, the dense layer \(f)")
            let gamma = regression.coefficients[f] / scale[f]   // per unit of base logit
            var bias = regression.intercept + gamma * (b - mean[f])
            var weights = [Double](repeating: 0, count: f)
            for j in 0..<f {
                let beta = regression.coefficients[j] / scale[j]
                weights[j] = beta + gamma * w[j]
                bias -= beta * mean[j]
            }
            return (weights, bias)
        }
    }

    /// Design rows: each film's features followed by its base logit.
    public static func design(features: [[Double]], baseLogits: [Double]) -> [[Double]] {
        precondition(features.count == baseLogits.count, "one base logit per film")
        return zip(features, baseLogits).map { $0 + [$1] }
    }

    /// Fits a head on `rows` (design rows) at inverse strength `c`; the last column (the base
    /// logit) is unpenalised.
    public static func fit(rows: [[Double]], labels: [Int], inverseStrength c: Double,
                           start: LogisticRegression? = nil) throws(BLASError) -> Head {
        precondition(!rows.isEmpty && rows.count == labels.count, "one label per row")
        let n = rows.count, d = rows[0].count
        var mean = [Double](repeating: 0, count: d), scale = [Double](repeating: 0, count: d)
        for row in rows { for j in 0..<d { mean[j] += row[j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        for row in rows { for j in 0..<d { scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) } }
        for j in 0..<d { scale[j] = (scale[j] / Double(n)).squareRoot(); if scale[j] < 1e-8 { scale[j] = 1 } }
        // x (n, d) standardised, row-major
        var x = [Double](repeating: 0, count: n * d)
        for (i, row) in rows.enumerated() { for j in 0..<d { x[i * d + j] = (row[j] - mean[j]) / scale[j] } }
        let positives = Double(labels.reduce(0, +)), negatives = Double(n) - positives
        let (hi, lo) = ((positives + 1) / (positives + 2), 1 / (negatives + 2))
        let regression = try LogisticRegression.fit(x, rows: n, columns: d, targets: labels.map { $0 == 1 ? hi : lo },
                                                    penalty: 1 / c, unpenalised: [d - 1], start: start)
        return Head(mean: mean, scale: scale, regression: regression, inverseStrength: c)
    }

    /// Out-of-fold refit logits at each C of `grid`: for each fold, a head fitted on the other
    /// folds scores the fold's films. A fold whose training part lacks a class keeps the base
    /// logit. Returns one array of n logits per C.
    public static func outOfFoldLogits(rows: [[Double]], labels: [Int], assignment: [Int], folds: Int,
                                       grid: [Double]) throws(BLASError) -> [[Double]] {
        var out = [[Double]](repeating: rows.map { $0.last! }, count: grid.count)
        for fold in 0..<folds {
            let train = rows.indices.filter { assignment[$0] != fold }
            let test = rows.indices.filter { assignment[$0] == fold }
            let trainLabels = train.map { labels[$0] }
            guard !test.isEmpty, trainLabels.contains(0), trainLabels.contains(1) else { continue }
            var warm: LogisticRegression? = nil
            // From strong to weak penalty: each fit starts from the previous one.
            for (k, c) in grid.enumerated().sorted(by: { $0.element < $1.element }) {
                let head = try fit(rows: train.map { rows[$0] }, labels: trainLabels, inverseStrength: c, start: warm)
                warm = head.regression
                for i in test { out[k][i] = head.logit(rows[i]) }
            }
        }
        return out
    }

    /// The C of `grid` whose out-of-fold logits (folds by patient, from `seed`) have the lowest
    /// mean log loss, with every C's loss and the chosen C's out-of-fold logits.
    public static func chooseInverseStrength(rows: [[Double]], labels: [Int], groups: [String], folds: Int, seed: UInt64,
                                             grid: [Double] = inverseStrengths) throws(BLASError) -> (c: Double, logLoss: [Double], outOfFold: [Double]) {
        var rng = SplitMix64(seed: seed)
        let assignment = SiteAdaptation.foldAssignment(groups: groups, labels: labels, folds: folds, using: &rng)
        let z = try outOfFoldLogits(rows: rows, labels: labels, assignment: assignment, folds: folds, grid: grid)
        let losses = z.map { logits in
            zip(logits, labels).map { logLoss(logit: $0, target: Double($1)) }.reduce(0, +) / Double(max(1, labels.count))
        }
        let best = losses.indices.min { losses[$0] < losses[$1] || (losses[$0] == losses[$1] && grid[$0] < grid[$1]) }!
        return (grid[best], losses, z[best])
    }

    /// Nested cross-validation: out-of-fold refit logits where each outer fold's C is chosen by
    /// an inner cross-validation (grouped by patient) on that fold's training films only, so
    /// the logits judge the whole procedure, C choice included. Returns the logits and each
    /// outer fold's C.
    public static func nestedOutOfFoldLogits(rows: [[Double]], labels: [Int], groups: [String], assignment: [Int],
                                             folds: Int, seed: UInt64, grid: [Double] = inverseStrengths) throws(BLASError) -> (logits: [Double], chosen: [Double]) {
        var logits = rows.map { $0.last! }
        var chosen: [Double] = []
        for fold in 0..<folds {
            let train = rows.indices.filter { assignment[$0] != fold }
            let test = rows.indices.filter { assignment[$0] == fold }
            let trainLabels = train.map { labels[$0] }
            guard !test.isEmpty, trainLabels.filter({ $0 == 1 }).count >= 2, trainLabels.filter({ $0 == 0 }).count >= 2 else { continue }
            let trainRows = train.map { rows[$0] }
            let (c, _, _) = try chooseInverseStrength(rows: trainRows, labels: trainLabels, groups: train.map { groups[$0] },
                                                   folds: folds, seed: seed &+ UInt64(fold + 1), grid: grid)
            let head = try fit(rows: trainRows, labels: trainLabels, inverseStrength: c)
            for i in test { logits[i] = head.logit(rows[i]) }
            chosen.append(c)
        }
        return (logits, chosen)
    }
}
