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
    let auc = BinaryMetrics.rocAUC(scores: p, labels: y)
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

@Test("most informative first: one film per patient before any second, and the most uncertain film leads")
func informativeOrder() {
    // Logits around a threshold logit of 0; patient "a" has the two most uncertain films.
    let logits = [0.1, -0.2, 3.0, -4.0, 0.05, 6.0]
    let patients = ["a", "a", "b", "c", "d", "e"]
    let order = LabelBudget.mostInformativeOrder(logits: logits, thresholdLogit: 0, patients: patients)
    #expect(order.count == logits.count && Set(order) == Set(logits.indices))
    #expect(order.first == 4)                      // |0.05| is the smallest distance
    let firstSecondFilm = order.firstIndex(of: 0).map { max($0, order.firstIndex(of: 1)!) }!
    #expect(firstSecondFilm == logits.count - 1)   // a's second film comes after every other patient's first
}

@Test("the random order is a seeded permutation, fixed for a seed")
func randomOrderIsStable() {
    let a = LabelBudget.randomOrder(count: 20, seed: 4), b = LabelBudget.randomOrder(count: 20, seed: 4)
    #expect(a == b && Set(a) == Set(0..<20) && a != Array(0..<20))
    #expect(LabelBudget.randomOrder(count: 20, seed: 5) != a)
}

@Test("a learning curve with labels recalibrates: a shifted model's accuracy rises from its own threshold's")
func learningCurveRecalibrates() {
    // Scores that rank perfectly but sit above the model's threshold for every film.
    let n = 60
    let labels = (0..<n).map { $0 % 3 == 0 ? 0 : 1 }
    let logits = labels.enumerated().map { i, y in (y == 1 ? 4.0 : 1.0) + Double(i % 5) * 0.1 }
    let patients = (0..<n).map { "p\($0)" }
    let points = LabelBudget.curve(logits: logits, labels: labels, patients: patients, base: (.identity, 0.5),
                                   budgets: [20], folds: 3, foldSeed: 1, orderName: "random") {
        pool in LabelBudget.randomOrder(count: pool.count, seed: 2).map { pool[$0] }
    }
    #expect(points.count == 1)
    #expect(points[0].accuracy > 0.95)   // at the base threshold every NORMAL film is wrong (accuracy 2/3)
}
