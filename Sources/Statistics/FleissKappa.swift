/// Fleiss' kappa: agreement among any number of readers, each film read by several of them.
///
/// Input is the distribution of reads: `counts[i][k]` readers put film i in category k
/// (shape (films, q)). With the same number of reads on every film this is Fleiss (1971):
/// P_i = Σ_k r_ik (r_ik - 1) / (r_i (r_i - 1)), P̄ = mean P_i, p_k = Σ_i r_ik / Σ_i r_i,
/// P̄e = Σ_k p_k², κ = (P̄ - P̄e) / (1 - P̄e). When films have different numbers of reads it
/// follows Gwet's irrCAC (`fleiss.kappa.raw`): P̄ averages the films with at least two reads,
/// p_k averages r_ik / r_i over the films with at least one; both reduce to Fleiss' when r_i is constant.
public struct FleissKappa: Sendable, Equatable {
    /// Observed agreement P̄: the chance that two reads of one film, drawn without replacement, agree.
    public var observedAgreement: Double
    /// Chance agreement P̄e = Σ_k p_k².
    public var chanceAgreement: Double
    /// κ = (P̄ - P̄e) / (1 - P̄e); NaN when no film has two reads or every read is one category.
    public var value: Double
    /// Films with at least two reads (the ones P̄ averages).
    public var filmsWithTwoReads: Int

    /// Computes κ from (films, q) counts of reads per category.
    public init(counts: [[Int]]) {
        let q = counts.first?.count ?? 0
        var agreementSum = 0.0, multiRead = 0
        var share = Array(repeating: 0.0, count: q)
        var rated = 0
        for row in counts {
            let r = row.reduce(0, +)
            guard r > 0 else { continue }
            rated += 1
            for k in 0..<q { share[k] += Double(row[k]) / Double(r) }
            guard r >= 2 else { continue }
            multiRead += 1
            agreementSum += Double(row.reduce(0) { $0 + $1 * ($1 - 1) }) / Double(r * (r - 1))
        }
        filmsWithTwoReads = multiRead
        observedAgreement = multiRead > 0 ? agreementSum / Double(multiRead) : .nan
        chanceAgreement = rated > 0 ? share.reduce(0) { $0 + ($1 / Double(rated)) * ($1 / Double(rated)) } : .nan
        value = chanceCorrected(observedAgreement, chanceAgreement)
    }
}
