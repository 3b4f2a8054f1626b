/// The "most informative first" worklist order: where a reviewer's label teaches the model
/// most (active learning by uncertainty), without spending the first labels on one patient.
enum InformativeOrder {
    /// How far `p` is from `threshold` on the logit scale, as exp(|logit(p) - logit(threshold)|)
    /// = max(r, 1/r) with r the ratio of the two odds: it orders films exactly as the logit
    /// distance does, without a logarithm. 1 at the threshold; both are clamped to
    /// [1e-6, 1 - 1e-6] so 0 and 1 stay finite.
    static func uncertainty(_ p: Double, threshold: Double) -> Double {
        func odds(_ x: Double) -> Double {
            let c = min(1 - 1e-6, max(1e-6, x))
            return c / (1 - c)
        }
        let r = odds(p) / odds(threshold)
        return max(r, 1 / r)
    }

    /// `listed` (indices into `cases`) reordered: scored films in rounds, round r holding each
    /// patient's r-th least certain film, each round least certain first; then unscored
    /// films in their given order. O(n log n).
    static func order(_ listed: [Int], cases: [ReviewCase], threshold: Double) -> [Int] {
        var scored: [(index: Int, u: Double)] = []
        var unscored: [Int] = []
        for i in listed {
            if let p = cases[i].probability { scored.append((i, uncertainty(p, threshold: threshold))) } else { unscored.append(i) }
        }
        scored.sort { $0.u != $1.u ? $0.u < $1.u : $0.index < $1.index }
        var seen: [String: Int] = [:]
        var ranked: [(index: Int, round: Int, u: Double)] = []
        ranked.reserveCapacity(scored.count)
        for s in scored {
            let round = seen[cases[s.index].patient, default: 0]
            seen[cases[s.index].patient] = round + 1
            ranked.append((s.index, round, s.u))
        }
        ranked.sort { a, b in
            if a.round != b.round { return a.round < b.round }
            return a.u != b.u ? a.u < b.u : a.index < b.index
        }
        return ranked.map(\.index) + unscored
    }
}
