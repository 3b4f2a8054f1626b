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
        guard count > 0, replicates > 0 else { return (.nan, .nan) }
        var rng = SplitMix64(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(replicates)
        var sample = [Int](repeating: 0, count: count)
        for _ in 0..<replicates {
            for i in 0..<count { sample[i] = rng.index(below: count) }
            let value = statistic(sample)
            if value.isFinite { values.append(value) }
        }
        guard !values.isEmpty else { return (.nan, .nan) }
        values.sort()
        let tail = (1 - level) / 2
        func quantile(_ q: Double) -> Double {
            values[min(values.count - 1, max(0, Int((q * Double(values.count - 1)).rounded())))]
        }
        return (quantile(tail), quantile(1 - tail))
    }
}
