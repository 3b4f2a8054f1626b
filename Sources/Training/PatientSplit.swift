import Numerics

/// A deterministic train/validation split in which every patient lands on one side only.
public struct PatientSplit: Equatable, Sendable {
    /// Indices (into the input list) of the training items.
    public var training: [Int]
    /// Indices (into the input list) of the validation items.
    public var validation: [Int]

    /// A human-readable statement of the rule, for the model card.
    public static func rule(fraction: Double, seed: UInt64) -> String {
        "by patient (ID from file name), stratified by class: patients of each class shuffled with SplitMix64(seed \(seed)), first \(Int((fraction * 100).rounded()))% of each class's patients to validation"
    }

    /// Splits items by patient, stratified by label.
    ///
    /// - Parameters:
    ///   - patients: patient ID per item.
    ///   - labels: class index per item (a patient's first label decides its stratum).
    ///   - validationFraction: share of each class's patients sent to validation, 0...1.
    ///   - rng: the seeded source of the shuffle.
    /// - Complexity: O(n log n).
    public static func make(patients: [String], labels: [Int], validationFraction: Double,
                            using rng: inout some RandomNumberGenerator) -> PatientSplit {
        precondition(patients.count == labels.count, "one label per item")
        var firstLabel: [String: Int] = [:]
        for (p, l) in zip(patients, labels) where firstLabel[p] == nil { firstLabel[p] = l }
        var validationPatients = Set<String>()
        for label in Set(labels).sorted() {
            // Sorting first makes the shuffle depend only on the seed, not on dictionary order.
            var group = firstLabel.filter { $0.value == label }.map(\.key).sorted()
            rng.stableShuffle(&group)
            let take = Int((Double(group.count) * validationFraction).rounded())
            validationPatients.formUnion(group.prefix(take))
        }
        var split = PatientSplit(training: [], validation: [])
        for (i, p) in patients.enumerated() {
            if validationPatients.contains(p) { split.validation.append(i) } else { split.training.append(i) }
        }
        return split
    }
}
