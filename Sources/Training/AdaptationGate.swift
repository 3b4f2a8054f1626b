import Numerics

/// Whether an adapted model is better than the model it came from on a site's films, judged on
/// the same films: the model as given against the adaptation's out-of-fold probabilities.
///
/// Better means all of: a lower log loss whose gain is clear of noise (the one-sided 95% lower
/// bound of the gain, patients being the independent units, is above zero), an
/// accuracy at least as high, and an AUC no lower than `aucTolerance` below. Anything else is
/// "not better" or "too few films to tell", and the adaptation is not shipped.
public enum AdaptationGate {
    /// AUC differences smaller than this are ties (the development site's 95% interval is
    /// about ±0.011 with 319 films).
    public static let aucTolerance = 0.01

    /// The judgement, with the log-loss gain per film and its lower bound.
    public struct Verdict: Sendable, Equatable {
        public var better: Bool
        /// Mean log loss before minus after, nats per film (positive: the adaptation is better).
        public var logLossGain: Double
        /// One-sided 95% lower bound of the gain per film.
        public var gainLowerBound: Double
        /// One line per reason the adaptation is not better (empty when it is).
        public var reasons: [String]
    }

    /// Judges `after` (out-of-fold probabilities of the adapted model) against `before` (the
    /// input model's probabilities) on the same films.
    public static func judge(before: [Double], beforeMetrics: BinaryMetrics, after: [Double], afterMetrics: BinaryMetrics,
                             labels: [Int], patients: [String]) -> Verdict {
        precondition(before.count == labels.count && after.count == labels.count && patients.count == labels.count, "one value per film")
        let (gain, low) = logLossGain(before: before, after: after, labels: labels, patients: patients)
        var reasons: [String] = []
        if low <= 0 {
            reasons.append(gain <= 0
                ? String(format: "log loss is not lower (%.4f nats per film worse)", -gain)
                : String(format: "log loss gain %.4f nats per film is within noise (95%% lower bound %.4f): too few films to tell", gain, low))
        }
        if afterMetrics.accuracy < beforeMetrics.accuracy {
            reasons.append(String(format: "accuracy is lower (%.3f vs %.3f)", afterMetrics.accuracy, beforeMetrics.accuracy))
        }
        if afterMetrics.auc < beforeMetrics.auc - aucTolerance {
            reasons.append(String(format: "AUC is lower (%.3f vs %.3f)", afterMetrics.auc, beforeMetrics.auc))
        }
        return Verdict(better: reasons.isEmpty, logLossGain: gain, gainLowerBound: low, reasons: reasons)
    }

    /// Mean log loss of `before` minus that of `after` (nats per film; positive when `after` is
    /// better) and its one-sided 95% lower bound. Films of one child are not independent, so
    /// the per-film gains are summed per patient and the patients' totals are the units
    /// (normal approximation, z = 1.645).
    public static func logLossGain(before: [Double], after: [Double], labels: [Int], patients: [String]) -> (gain: Double, lowerBound: Double) {
        var gainByPatient: [String: Double] = [:]
        for i in labels.indices {
            let t = Double(labels[i])
            let gain = logLoss(logit: logit(clamp(before[i])), target: t) - logLoss(logit: logit(clamp(after[i])), target: t)
            gainByPatient[patients[i], default: 0] += gain
        }
        let totals = gainByPatient.keys.sorted().map { gainByPatient[$0]! }
        let m = Double(totals.count), n = Double(labels.count)
        let meanTotal = totals.reduce(0, +) / m
        let variance = totals.count > 1 ? totals.map { ($0 - meanTotal) * ($0 - meanTotal) }.reduce(0, +) / (m - 1) : .infinity
        // Total gain = m * meanTotal with standard error m * sqrt(var / m); per film, divide by n.
        let gain = meanTotal * m / n
        return (gain, gain - 1.645 * (variance / m).squareRoot() * m / n)
    }

    private static func clamp(_ p: Double) -> Double { min(max(p, 1e-12), 1 - 1e-12) }
}
