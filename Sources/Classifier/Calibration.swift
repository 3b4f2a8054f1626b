import Foundation
import Numerics

/// Maps a network logit to a calibrated probability: p = sigmoid(slope * logit + intercept).
///
/// Temperature scaling is the special case `slope = 1 / T, intercept = 0`; Platt scaling fits
/// both, which can also undo a shift of the logits at a new site.
public struct Calibration: Equatable, Sendable, Codable {
    public var slope: Double
    public var intercept: Double

    public init(slope: Double, intercept: Double) { (self.slope, self.intercept) = (slope, intercept) }

    /// No calibration: the raw sigmoid.
    public static let identity = Calibration(slope: 1, intercept: 0)

    /// Temperature scaling with temperature `t` (> 0).
    public static func temperature(_ t: Double) -> Calibration { Calibration(slope: 1 / t, intercept: 0) }

    /// The temperature this calibration corresponds to (meaningful when intercept is 0).
    public var temperature: Double { 1 / slope }

    /// The calibrated probability of the positive class for one logit.
    public func probability(logit: Double) -> Double { sigmoid(slope * logit + intercept) }

    /// Fits a temperature on (logit, 0/1 label) pairs by minimising the log loss.
    public static func fitTemperature(logits: [Double], labels: [Int]) -> Calibration {
        fit(logits: logits, targets: labels.map(Double.init), fitIntercept: false)
    }

    /// The smallest slope a fit returns: a model whose scores rank a site's films backwards
    /// (the best slope would be negative) is flattened to nearly constant probabilities rather
    /// than inverted, since a model file with a negative slope is refused.
    public static let minimumSlope = 1e-3

    /// Fits Platt scaling (slope and intercept) by minimising the log loss, slope >= `minimumSlope`.
    ///
    /// Labels are smoothed as in Platt (1999), targets (N+ + 1)/(N+ + 2) and 1/(N- + 2), so a
    /// perfectly separated small set does not drive the slope to infinity.
    public static func fitPlatt(logits: [Double], labels: [Int]) -> Calibration {
        let positives = Double(labels.filter { $0 == 1 }.count)
        let negatives = Double(labels.count) - positives
        let hi = (positives + 1) / (positives + 2), lo = 1 / (negatives + 2)
        return fit(logits: logits, targets: labels.map { $0 == 1 ? hi : lo }, fitIntercept: true)
    }

    /// Newton's method with step halving on the (convex) log loss of sigmoid(a*z + b).
    private static func fit(logits: [Double], targets: [Double], fitIntercept: Bool) -> Calibration {
        func loss(_ a: Double, _ b: Double) -> Double {
            var total = 0.0
            for (z, t) in zip(logits, targets) {
                let s = a * z + b
                total += logLoss(logit: s, target: t)
            }
            return total
        }
        var a = 1.0, b = 0.0
        var current = loss(a, b)
        for _ in 0..<200 {
            var ga = 0.0, gb = 0.0, haa = 1e-9, hab = 0.0, hbb = 1e-9
            for (z, t) in zip(logits, targets) {
                let p = sigmoid(a * z + b)
                let w = p * (1 - p)
                ga += (p - t) * z; gb += p - t
                haa += w * z * z; hab += w * z; hbb += w
            }
            var da = ga / haa, db = 0.0
            if fitIntercept {
                let det = haa * hbb - hab * hab
                guard det > 1e-12 else { break }
                da = (hbb * ga - hab * gb) / det
                db = (haa * gb - hab * ga) / det
            }
            var step = 1.0
            while step > 1e-6, loss(max(minimumSlope, a - step * da), b - step * db) > current { step /= 2 }
            a = max(minimumSlope, a - step * da); b -= step * db
            current = loss(a, b)
            if step * (abs(da) + abs(db)) < 1e-10 { break }
        }
        return Calibration(slope: a, intercept: b)
    }
}
