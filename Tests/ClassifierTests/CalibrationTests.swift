import Foundation
import Numerics
import Testing
@testable import Classifier

/// Labels drawn from a known logistic model, deterministically (a fixed quasi-random sequence).
private func syntheticSite(slope: Double, intercept: Double, count: Int) -> (logits: [Double], labels: [Int]) {
    var logits: [Double] = [], labels: [Int] = []
    for i in 0..<count {
        let z = -6 + 12 * Double(i) / Double(count - 1)
        let u = (Double(i) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
        logits.append(z)
        labels.append(u < sigmoid(slope * z + intercept) ? 1 : 0)
    }
    return (logits, labels)
}

@Test("Platt scaling recovers the slope and intercept that generated the labels")
func plattRecovers() {
    let data = syntheticSite(slope: 0.5, intercept: -1.0, count: 4000)
    let c = Calibration.fitPlatt(logits: data.logits, labels: data.labels)
    #expect(abs(c.slope - 0.5) < 0.06)
    #expect(abs(c.intercept + 1.0) < 0.12)
}

@Test("temperature scaling recovers the temperature and keeps the intercept at zero")
func temperatureRecovers() {
    let data = syntheticSite(slope: 0.5, intercept: 0, count: 4000)
    let c = Calibration.fitTemperature(logits: data.logits, labels: data.labels)
    #expect(abs(c.temperature - 2.0) < 0.25)
    #expect(c.intercept == 0)
}

@Test("Platt scaling stays finite on perfectly separated labels")
func plattSeparated() {
    let c = Calibration.fitPlatt(logits: [-3, -2, -1, 1, 2, 3], labels: [0, 0, 0, 1, 1, 1])
    #expect(c.slope.isFinite && c.slope > 0 && c.slope < 20)
}

@Test("Youden's threshold separates separable data and the accuracy rule follows the prior")
func thresholds() {
    let p: [Double] = [0.1, 0.2, 0.35, 0.6, 0.7, 0.9]
    let y = [0, 0, 0, 1, 1, 1]
    let t = ThresholdRule.youden.choose(probabilities: p, labels: y)
    #expect(t > 0.35 && t <= 0.6)
    // One NORMAL film at 0.8: with NORMAL weighted heavily the threshold moves above it.
    let p2: [Double] = [0.1, 0.2, 0.8, 0.6, 0.7, 0.9]
    let high = ThresholdRule.accuracy(normalShare: 0.9).choose(probabilities: p2, labels: y)
    let low = ThresholdRule.accuracy(normalShare: 0.1).choose(probabilities: p2, labels: y)
    #expect(high > 0.8)
    #expect(low < 0.6)
}

@Test("the specificity rule takes the highest threshold that keeps the sensitivity floor")
func specificityRule() {
    let p: [Double] = [0.1, 0.5, 0.7, 0.4, 0.8, 0.9, 0.95, 0.99]
    let y = [0, 0, 0, 1, 1, 1, 1, 1]
    // Keeping 4 of 5 positives (0.8) allows a threshold just below 0.8 (NORMAL at 0.7 now negative).
    let t = ThresholdRule.maxSpecificity(minSensitivity: 0.8).choose(probabilities: p, labels: y)
    #expect(t > 0.7 && t <= 0.8)
    let strict = ThresholdRule.maxSpecificity(minSensitivity: 1.0).choose(probabilities: p, labels: y)
    #expect(strict <= 0.4)
}

@Test("Platt scaling never returns a negative slope, even when the scores rank backwards")
func plattBackwards() {
    let c = Calibration.fitPlatt(logits: [-3, -2, -1, 1, 2, 3], labels: [1, 1, 1, 0, 0, 0])
    #expect(c.slope >= Calibration.minimumSlope)
    #expect(c.slope < 0.01)
}
