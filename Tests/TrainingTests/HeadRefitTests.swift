import Classifier
import Numerics
import Testing
@testable import Training

/// Films whose 6 features carry the label in feature 0 while the base head (weights `w`) reads
/// mostly feature 1, a shortcut that does not hold at this site.
private func site(count: Int, seed: UInt64) -> (features: [[Double]], labels: [Int], groups: [String], w: [Double], b: Double) {
    var rng = SplitMix64(seed: seed)
    let w = [0.3, 1.5, 0, 0.2, 0, -0.1], b = -0.4
    var features: [[Double]] = [], labels: [Int] = [], groups: [String] = []
    for i in 0..<count {
        let y = i % 3 == 0 ? 0 : 1
        var f = (0..<6).map { _ in Double(rng.normal(mean: 0, standardDeviation: 1)) }
        f[0] += y == 1 ? 1.5 : -1.5
        f[1] += y == 1 ? 0.3 : -0.3
        features.append(f.map { $0 + 2 })   // uncentred, as pooled ReLU features are
        labels.append(y)
        groups.append("p\(i / 2)")
    }
    return (features, labels, groups, w, b)
}

private func baseLogits(_ s: (features: [[Double]], labels: [Int], groups: [String], w: [Double], b: Double)) -> [Double] {
    s.features.map { f in zip(f, s.w).map { $0 * $1 }.reduce(s.b, +) }
}

@Suite("head refit")
struct HeadRefitTests {
    @Test("the refit head folded into one dense layer gives the same logit as standardise-then-regress")
    func foldsIntoDense() throws {
        let s = site(count: 90, seed: 2)
        let rows = HeadRefit.design(features: s.features, baseLogits: baseLogits(s))
        let head = try HeadRefit.fit(rows: rows, labels: s.labels, inverseStrength: 1)
        let dense = head.dense(baseWeights: s.w, baseBias: s.b)
        for (f, row) in zip(s.features, rows) {
            let folded = zip(f, dense.weights).map { $0 * $1 }.reduce(dense.bias, +)
            #expect(abs(folded - head.logit(row)) < 1e-9)
        }
    }

    @Test("at a tiny C the refit is Platt recalibration of the base logit (smoothed targets included)")
    func strongPenaltyIsRecalibration() throws {
        let s = site(count: 90, seed: 3)
        let z = baseLogits(s)
        let head = try HeadRefit.fit(rows: HeadRefit.design(features: s.features, baseLogits: z), labels: s.labels, inverseStrength: 1e-7)
        let platt = Calibration.fitPlatt(logits: z, labels: s.labels)
        for (f, zi) in zip(s.features, z) {
            #expect(abs(head.logit(f + [zi]) - (platt.slope * zi + platt.intercept)) < 1e-3)
        }
    }

    @Test("a small site that the base logit separates keeps a finite head (smoothed targets)")
    func separatedSmallSite() throws {
        let s = site(count: 12, seed: 6)
        let z = s.labels.map { $0 == 1 ? 3.0 : -3.0 }   // the base logit separates perfectly
        let head = try HeadRefit.fit(rows: HeadRefit.design(features: s.features, baseLogits: z), labels: s.labels, inverseStrength: 1e-4)
        let logits = zip(s.features, z).map { head.logit($0 + [$1]) }
        #expect(logits.allSatisfy { abs($0) < 5 })
    }

    @Test("cross-validation by patient picks a weak penalty when the features carry what the base head misses, and the nested logits re-rank")
    func crossValidationFindsTheSignal() throws {
        let s = site(count: 150, seed: 4)
        let z = baseLogits(s)
        let rows = HeadRefit.design(features: s.features, baseLogits: z)
        let (c, losses, _) = try HeadRefit.chooseInverseStrength(rows: rows, labels: s.labels, groups: s.groups, folds: 5, seed: 1)
        #expect(c >= 0.3)
        #expect(losses.count == HeadRefit.inverseStrengths.count)
        #expect(losses.min()! < losses.first!)
        var rng = SplitMix64(seed: 1)
        let assignment = SiteAdaptation.foldAssignment(groups: s.groups, labels: s.labels, folds: 5, using: &rng)
        let nested = try HeadRefit.nestedOutOfFoldLogits(rows: rows, labels: s.labels, groups: s.groups, assignment: assignment, folds: 5, seed: 1)
        #expect(nested.chosen.count == 5)
        let before = BinaryMetrics(probabilities: z.map(sigmoid), labels: s.labels, threshold: 0.5)
        let after = BinaryMetrics(probabilities: nested.logits.map(sigmoid), labels: s.labels, threshold: 0.5)
        #expect(after.auc > before.auc + 0.05)
        // Seeded: the same call gives the same numbers.
        let again = try HeadRefit.nestedOutOfFoldLogits(rows: rows, labels: s.labels, groups: s.groups, assignment: assignment, folds: 5, seed: 1)
        #expect(again.logits == nested.logits)
    }
}

@Suite("adaptation gate")
struct AdaptationGateTests {
    private func judge(_ before: [Double], _ after: [Double], _ labels: [Int]) -> AdaptationGate.Verdict {
        let patients = labels.indices.map { "p\($0)" }
        return AdaptationGate.judge(before: before, beforeMetrics: BinaryMetrics(probabilities: before, labels: labels, threshold: 0.5),
                                    after: after, afterMetrics: BinaryMetrics(probabilities: after, labels: labels, threshold: 0.5),
                                    labels: labels, patients: patients)
    }

    @Test("an adaptation that is clearly better on many films passes")
    func clearlyBetter() {
        let labels = (0..<200).map { $0 % 2 }
        let before = labels.enumerated().map { i, y in y == 1 ? (i % 8 == 1 ? 0.4 : 0.7) : (i % 8 == 0 ? 0.6 : 0.35) }
        let after = labels.map { $0 == 1 ? 0.9 : 0.1 }
        let v = judge(before, after, labels)
        #expect(v.better, "\(v.reasons)")
        #expect(v.gainLowerBound > 0)
    }

    @Test("an adaptation that is worse, or the same, is refused with its reasons")
    func worseOrSame() {
        let labels = (0..<40).map { $0 < 20 ? 1 : 0 }
        let before = labels.map { $0 == 1 ? 0.8 : 0.3 }
        let worse = labels.enumerated().map { i, y in y == 1 ? (i % 4 == 0 ? 0.3 : 0.75) : 0.35 }
        let v = judge(before, worse, labels)
        #expect(!v.better)
        #expect(v.reasons.contains { $0.hasPrefix("log loss is not lower") })
        #expect(v.reasons.contains { $0.hasPrefix("accuracy is lower") })
        #expect(!judge(before, before, labels).better)
    }

    @Test("a small gain on few films is 'too few films to tell'")
    func tooFewToTell() {
        let labels = [1, 0, 1, 0, 1, 0]
        let before = [0.7, 0.4, 0.45, 0.3, 0.8, 0.6]
        let after = [0.72, 0.38, 0.4, 0.3, 0.8, 0.55]
        let v = judge(before, after, labels)
        #expect(!v.better)
        #expect(v.reasons.contains { $0.contains("too few films to tell") } || v.reasons.contains { $0.hasPrefix("log loss is not lower") })
    }
}
