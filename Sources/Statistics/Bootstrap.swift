import Numerics

/// Percentile bootstrap intervals over resampled films.
public enum Bootstrap {
    /// The percentile interval of `statistic` over `replicates` resamples of the indices
    /// 0 ..< `count` with replacement, drawn with `index(below:)` from `SplitMix64(seed:)` (so a
    /// seed gives the same interval forever). `statistic` receives each resample's indices
    /// (length `count`). Replicates where it is not finite (kappa on a resample where both
    /// readers used one category) are left out; (NaN, NaN) when none is finite or `count` is 0.
    /// Returns the (1 - level)/2 and (1 + level)/2 quantiles, nearest rank.
    public static func percentileInterval(count: Int, replicates: Int = 1000, level: Double = 0.95, seed: UInt64,
                                          statistic: ([Int]) -> Double) -> (lower: Double, upper: Double) {
        percentileIntervals(count: count, replicates: replicates, level: level, seed: seed) { [statistic($0)] }[0]
    }

    /// `percentileInterval` for several statistics of the same resamples at once: `statistics`
    /// returns one value per statistic (always the same number), and each gets its interval.
    public static func percentileIntervals(count: Int, replicates: Int = 1000, level: Double = 0.95, seed: UInt64,
                                           statistics: ([Int]) -> [Double]) -> [(lower: Double, upper: Double)] {
        guard count > 0, replicates > 0 else { return [(.nan, .nan)] }
        var rng = SplitMix64(seed: seed)
        var values: [[Double]] = []
        var sample = [Int](repeating: 0, count: count)
        for _ in 0..<replicates {
            for i in 0..<count { sample[i] = rng.index(below: count) }
            let replicate = statistics(sample)
            if values.isEmpty { values = Array(repeating: [], count: replicate.count) }
            for (k, value) in replicate.enumerated() where value.isFinite { values[k].append(value) }
        }
        let tail = (1 - level) / 2
        return values.map { column in
            guard !column.isEmpty else { return (.nan, .nan) }
            let sorted = column.sorted()
            func quantile(_ q: Double) -> Double {
                sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count - 1)).rounded())))]
            }
            return (quantile(tail), quantile(1 - tail))
        }
    }
}
