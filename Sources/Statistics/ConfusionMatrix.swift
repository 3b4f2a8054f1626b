/// Two readers' labels over the same films as a square table of counts.
///
/// `counts[i][j]` is the number of films reader A called category `i` and reader B called `j`
/// (categories are 0 ..< q). Percent agreement, Cohen's kappa and Gwet's AC1 are read off it.
public struct ConfusionMatrix: Sendable, Equatable {
    /// (q, q) counts; rows are reader A's categories, columns reader B's.
    public private(set) var counts: [[Int]]

    /// A table from its counts, which must be square and non-negative.
    public init(counts: [[Int]]) {
        precondition(counts.allSatisfy { $0.count == counts.count }, "a confusion matrix is square")
        precondition(counts.joined().allSatisfy { $0 >= 0 }, "counts are non-negative")
        self.counts = counts
    }

    /// The table of `pairs` (A's category, B's category), each in 0 ..< `categories`.
    public init(categories: Int, pairs: some Sequence<(Int, Int)>) {
        counts = Array(repeating: Array(repeating: 0, count: categories), count: categories)
        for (a, b) in pairs { counts[a][b] += 1 }
    }

    /// Number of categories q.
    public var categoryCount: Int { counts.count }

    /// Number of films n (the sum of all cells).
    public var n: Int { counts.joined().reduce(0, +) }

    /// Reader A's count per category (row sums).
    public var rowTotals: [Int] { counts.map { $0.reduce(0, +) } }

    /// Reader B's count per category (column sums).
    public var columnTotals: [Int] { (0..<categoryCount).map { j in counts.reduce(0) { $0 + $1[j] } } }

    /// Observed agreement pa = (sum of the diagonal) / n; NaN when n = 0.
    public var percentAgreement: Double {
        let n = self.n
        guard n > 0 else { return .nan }
        return Double((0..<categoryCount).reduce(0) { $0 + counts[$1][$1] }) / Double(n)
    }

    /// Cohen's chance agreement pe = Σ_k (row_k / n)(column_k / n): both readers pick k
    /// independently, each with their own marginal rates.
    public var cohenChanceAgreement: Double {
        let n = Double(self.n)
        guard n > 0 else { return .nan }
        return zip(rowTotals, columnTotals).reduce(0) { $0 + Double($1.0) / n * Double($1.1) / n }
    }

    /// Cohen's kappa (pa - pe) / (1 - pe) (Cohen 1960); NaN when pe = 1 (both readers used one
    /// and the same category throughout, so chance explains everything) or n = 0.
    public var cohenKappa: Double { chanceCorrected(percentAgreement, cohenChanceAgreement) }

    /// Gwet's chance agreement pe = (1 / (q - 1)) Σ_k π_k (1 - π_k), where
    /// π_k = (row_k + column_k) / 2n is the mean rate of category k (Gwet 2008).
    public var gwetChanceAgreement: Double {
        let n = Double(self.n)
        guard n > 0, categoryCount > 1 else { return .nan }
        let sum = zip(rowTotals, columnTotals).reduce(0.0) { total, t in
            let pi = Double(t.0 + t.1) / (2 * n)
            return total + pi * (1 - pi)
        }
        return sum / Double(categoryCount - 1)
    }

    /// Gwet's AC1 (pa - pe) / (1 - pe) with Gwet's chance agreement: unlike kappa it stays
    /// near pa when one category is rare (the "high agreement, low kappa" paradox).
    public var gwetAC1: Double { chanceCorrected(percentAgreement, gwetChanceAgreement) }
}

/// (observed - chance) / (1 - chance), NaN when either is not finite or chance is 1.
func chanceCorrected(_ observed: Double, _ chance: Double) -> Double {
    guard observed.isFinite, chance.isFinite, chance < 1 else { return .nan }
    return (observed - chance) / (1 - chance)
}
