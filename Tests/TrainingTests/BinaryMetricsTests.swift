import Testing
@testable import Training

@Test("confusion, per-class report and accuracy match a hand count")
func confusionCounts() {
    // labels:       1    1    1    0    0    0    0
    let p: [Double] = [0.9, 0.6, 0.3, 0.7, 0.2, 0.1, 0.4]
    let y = [1, 1, 1, 0, 0, 0, 0]
    let m = BinaryMetrics(probabilities: p, labels: y, threshold: 0.5)
    #expect(m.confusion == [[3, 1], [1, 2]])
    #expect(abs(m.accuracy - 5.0 / 7) < 1e-12)
    #expect(abs(m.sensitivity - 2.0 / 3) < 1e-12)
    #expect(abs(m.specificity - 3.0 / 4) < 1e-12)
    #expect(abs(m.pneumonia.precision - 2.0 / 3) < 1e-12)
    #expect(abs(m.normal.precision - 3.0 / 4) < 1e-12)
    #expect(m.normal.support == 4 && m.pneumonia.support == 3)
    #expect(abs(m.normal.f1 - 0.75) < 1e-12)
}

@Test("AUC equals the share of correctly ordered positive-negative pairs, ties counting half")
func aucPairs() {
    let p: [Double] = [0.9, 0.6, 0.3, 0.7, 0.2, 0.1, 0.3]
    let y = [1, 1, 1, 0, 0, 0, 0]
    var wins = 0.0
    for i in p.indices where y[i] == 1 {
        for j in p.indices where y[j] == 0 {
            wins += p[i] > p[j] ? 1 : (p[i] == p[j] ? 0.5 : 0)
        }
    }
    #expect(abs(BinaryMetrics.rocAUC(scores: p, labels: y) - wins / 12) < 1e-12)
    #expect(BinaryMetrics.rocAUC(scores: [0.2, 0.8], labels: [0, 1]) == 1)
    #expect(BinaryMetrics.rocAUC(scores: [0.2, 0.8], labels: [1, 1]).isNaN)
}

@Test("ECE is zero for calibrated bins and the gap otherwise")
func ece() {
    // Bin [0.2,0.3): two films at 0.25, one positive of two -> |0.25 - 0.5| = 0.25, weight 1/2.
    // Bin [0.7,0.8): two films at 0.75, both positive -> |0.75 - 1| = 0.25, weight 1/2.
    let e = BinaryMetrics.expectedCalibrationError(probabilities: [0.25, 0.25, 0.75, 0.75], labels: [1, 0, 1, 1], bins: 10)
    #expect(abs(e - 0.25) < 1e-12)
    let calibrated = BinaryMetrics.expectedCalibrationError(probabilities: [0.5, 0.5], labels: [1, 0], bins: 10)
    #expect(abs(calibrated) < 1e-12)
}
