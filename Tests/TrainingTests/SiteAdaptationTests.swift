import Foundation
import Classifier
import Imaging
import Numerics
import Testing
@testable import Training

/// A site whose NORMAL films score higher than at training time: logits shifted up by 2.
private func shiftedSite(count: Int, seed: UInt64) -> (logits: [Double], labels: [Int], groups: [String]) {
    var rng = SplitMix64(seed: seed)
    var logits: [Double] = [], labels: [Int] = [], groups: [String] = []
    for i in 0..<count {
        let y = i % 3 == 0 ? 0 : 1
        let z = Double(rng.normal(mean: y == 1 ? 4 : -2, standardDeviation: 1.2)) + 2
        logits.append(z); labels.append(y); groups.append("patient\(i / 2)")
    }
    return (logits, labels, groups)
}

@Test("adapting to a shifted site raises cross-validated accuracy and lowers calibration error")
func adaptationHelps() {
    let site = shiftedSite(count: 300, seed: 4)
    var rng = SplitMix64(seed: 1)
    let result = SiteAdaptation.fit(logits: site.logits, labels: site.labels, groups: site.groups,
                                    base: (.identity, 0.5), folds: 5, using: &rng)
    #expect(result.after.accuracy > result.before.accuracy + 0.05)
    #expect(result.after.specificity > result.before.specificity + 0.1)
    #expect(result.after.ece < result.before.ece)
    #expect(result.calibration.intercept < -0.5)   // undoes the upward shift
}

@Test("cross-validation folds keep each patient whole and spread both classes")
func foldsKeepPatients() {
    let groups = (0..<60).map { "p\($0 / 3)" }
    let labels = (0..<60).map { ($0 / 3) % 2 }
    var rng = SplitMix64(seed: 9)
    let folds = SiteAdaptation.foldAssignment(groups: groups, labels: labels, folds: 4, using: &rng)
    for p in Set(groups) {
        #expect(Set(groups.indices.filter { groups[$0] == p }.map { folds[$0] }).count == 1)
    }
    for fold in 0..<4 {
        let members = folds.indices.filter { folds[$0] == fold }
        #expect(Set(members.map { labels[$0] }) == [0, 1])
    }
}

@Test("majority labels: most votes win, an even split leaves the film out")
func majorityLabels() {
    let votes: [String: [Int]] = ["a": [1, 1, 0], "b": [0], "c": [1, 0], "d": [0, 0, 1, 1, 0]]
    #expect(MajorityLabels.decide(votes) == ["a": 1, "b": 0, "d": 0])
}
