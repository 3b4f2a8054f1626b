import Numerics

/// Whether an adapted model is better than the model it came from on a site's films, judged on
/// the same films: the model as given against the adaptation's out-of-fold probabilities.
///
/// Better means all of: a lower log loss whose gain is clear of noise (the 95% lower bound of
/// the mean per-patient gain, patients being the independent units, is above zero), an
/// accuracy at least as high, and an AUC no lower than `aucTolerance` below. Anything else is
/// "not better" or "too few films to tell", and the adaptation is not shipped.
public enum AdaptationGate {
    /// AUC differences smaller than this are ties (the development site's 95% interval is
    /// about ±0.011 with 319 films).
    public static let aucTolerance = 0.01

    /// The judgement, with the log-loss gain per film and its 95% interval.
    public struct Verdict: Sendable, Equatable {
        public var better: Bool
        /// Mean log loss before minus after, nats per film (positive: the adaptation is better).
        public var logLossGain: Double
        /// 95% interval of the gain per film (patients resampled as units, normal approximation).
        public var gainInterval: (low: Double, high: Double)
        /// One line per reason the adaptation is not better (empty when it is).
        public var reasons: [String]

        public static func == (a: Verdict, b: Verdict) -> Bool {
            a.better == b.better && a.logLossGain == b.logLossGain && a.gainInterval == b.gainInterval && a.reasons == b.reasons
        }
    }

    /// Judges `after` (out-of-fold probabilities of the adapted model) against `before` (the
    /// input model's probabilities) on the same films.
    public static func judge(before: [Double], beforeMetrics: BinaryMetrics, after: [Double], afterMetrics: BinaryMetrics,
                             labels: [Int], patients: [String]) -> Verdict {
        precondition(before.count == labels.count && after.count == labels.count && patients.count == labels.count, "one value per film")
        // Per-patient sums of the per-film gain: films of one child are not independent.
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
        // Total gain = m * meanTotal; its standard error m * sqrt(var / m); per film divide by n.
        let gain = meanTotal * m / n
        let halfWidth = 1.96 * (variance / m).squareRoot() * m / n
        var reasons: [String] = []
        if gain - halfWidth <= 0 {
            reasons.append(gain <= 0
                ? String(format: "log loss is not lower (%.4f nats per film worse)", -gain)
                : String(format: "log loss gain %.4f nats per film is within noise (95%% interval %.4f to %.4f): too few films to tell", gain, gain - halfWidth, gain + halfWidth))
        }
        if afterMetrics.accuracy < beforeMetrics.accuracy {
            reasons.append(String(format: "accuracy is lower (%.3f vs %.3f)", afterMetrics.accuracy, beforeMetrics.accuracy))
        }
        if afterMetrics.auc < beforeMetrics.auc - aucTolerance {
            reasons.append(String(format: "AUC is lower (%.3f vs %.3f)", afterMetrics.auc, beforeMetrics.auc))
        }
        return Verdict(better: reasons.isEmpty, logLossGain: gain, gainInterval: (gain - halfWidth, gain + halfWidth), reasons: reasons)
    }

    private static func clamp(_ p: Double) -> Double { min(max(p, 1e-12), 1 - 1e-12) }
}
