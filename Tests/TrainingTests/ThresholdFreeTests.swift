import Testing
@testable import Training

@Test("the bootstrap AUC interval brackets the AUC, narrows with more films and is reproducible")
func bootstrapInterval() {
    // Scores that overlap: positives centred higher than negatives.
    func scores(_ n: Int) -> ([Double], [Int]) {
        var p: [Double] = [], y: [Int] = []
        for i in 0..<n {
            let u = Double((i * 7919) % n) / Double(n)
            p.append(i % 2 == 0 ? 0.3 + 0.6 * u : 0.6 * u); y.append(i % 2 == 0 ? 1 : 0)
        }
        return (p, y)
    }
    let (p, y) = scores(200)
    let auc = BinaryMetrics.rocAUC(probabilities: p, labels: y)
    let small = BinaryMetrics.bootstrapAUCInterval(probabilities: p, labels: y, replicates: 400)
    #expect(small.lower < auc && auc < small.upper)
    let (p2, y2) = scores(2000)
    let large = BinaryMetrics.bootstrapAUCInterval(probabilities: p2, labels: y2, replicates: 400)
    #expect(large.upper - large.lower < (small.upper - small.lower) * 0.6)
    let again = BinaryMetrics.bootstrapAUCInterval(probabilities: p, labels: y, replicates: 400)
    #expect(again == small)
    let oneClass = BinaryMetrics.bootstrapAUCInterval(probabilities: [0.1, 0.2], labels: [1, 1])
    #expect(oneClass.lower.isNaN && oneClass.upper.isNaN)
}

@Test("best accuracy with hindsight finds the threshold a search over every cut would")
func hindsightAccuracy() {
    let p = [0.1, 0.2, 0.35, 0.4, 0.55, 0.6, 0.8, 0.9, 0.9]
    let y = [0, 0, 1, 0, 0, 1, 1, 1, 0]
    let (accuracy, threshold) = BinaryMetrics.bestAccuracyWithHindsight(probabilities: p, labels: y)
    var brute = 0.0
    for t in p + [1.0] {
        let correct = zip(p, y).filter { ($0 >= t) == ($1 == 1) }.count
        brute = max(brute, Double(correct) / Double(p.count))
    }
    #expect(accuracy == brute)
    let atThreshold = zip(p, y).filter { ($0 >= threshold) == ($1 == 1) }.count
    #expect(Double(atThreshold) / Double(p.count) == accuracy)
}
