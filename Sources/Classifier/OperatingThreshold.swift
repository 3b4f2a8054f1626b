/// How the operating threshold on P(pneumonia) is chosen from labelled films.
public enum ThresholdRule: Equatable, Sendable {
    /// Maximise sensitivity + specificity (Youden's J): favours neither class, so it holds up
    /// when the NORMAL share at a site is higher than in training.
    case youden
    /// Maximise accuracy when NORMAL films make up `normalShare` of the population
    /// (each class reweighted to that prior).
    case accuracy(normalShare: Double)
    /// The highest threshold that keeps sensitivity at or above `minSensitivity`: as much
    /// specificity as the PNEUMONIA films allow, for sites whose NORMAL films score higher.
    case maxSpecificity(minSensitivity: Double)

    /// A one-line statement of the rule, for the model card.
    public var description: String {
        switch self {
        case .youden: return "maximises Youden's J (sensitivity + specificity - 1)"
        case .accuracy(let share): return "maximises accuracy at a NORMAL share of \(share)"
        case .maxSpecificity(let s): return "the highest threshold keeping sensitivity >= \(s)"
        }
    }

    /// The threshold on the calibrated probabilities that best satisfies the rule.
    ///
    /// Candidates are midpoints between consecutive distinct probabilities; ties in the score
    /// go to the candidate closest to 0.5. O(n log n).
    public func choose(probabilities: [Double], labels: [Int]) -> Double {
        let positives = labels.filter { $0 == 1 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return 0.5 }
        let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
        // Sweeping the threshold upward past each film turns it from predicted positive to negative.
        var tn = 0, fn = 0
        var best = (score: -Double.infinity, threshold: 0.5)
        func consider(_ threshold: Double) {
            let sensitivity = Double(positives - fn) / Double(positives)
            let specificity = Double(tn) / Double(negatives)
            let score: Double
            switch self {
            case .youden: score = sensitivity + specificity - 1
            case .accuracy(let share): score = share * specificity + (1 - share) * sensitivity
            case .maxSpecificity(let floor):
                // Feasible thresholds score by specificity, then by height (ties go up).
                score = sensitivity + 1e-9 >= floor ? specificity + threshold * 1e-6 : -1
            }
            if score > best.score + 1e-12
                || (abs(score - best.score) <= 1e-12 && abs(threshold - 0.5) < abs(best.threshold - 0.5)) {
                best = (score, threshold)
            }
        }
        consider(probabilities[order[0]] / 2)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, probabilities[order[j + 1]] == probabilities[order[i]] { j += 1 }
            for k in i...j { if labels[order[k]] == 1 { fn += 1 } else { tn += 1 } }
            let next = j + 1 < order.count ? probabilities[order[j + 1]] : 1.0
            consider((probabilities[order[i]] + next) / 2)
            i = j + 1
        }
        return best.threshold
    }
}
