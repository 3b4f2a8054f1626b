/// Run-to-run agreement of explanations, the stability measure of the LIME issue.
public enum TopOverlap {
    /// How many of the top-`k` superpixels (by |weight|) two explanations share, 0...k.
    public static func count(_ a: Explanation, _ b: Explanation, k: Int = 5) -> Int {
        Set(a.topByMagnitude(k)).intersection(b.topByMagnitude(k)).count
    }

    /// Mean pairwise top-`k` overlap over all pairs of `runs` (explanations of one image with
    /// different seeds); nil with fewer than two runs.
    public static func meanPairwise(_ runs: [Explanation], k: Int = 5) -> Double? {
        guard runs.count >= 2 else { return nil }
        var total = 0, pairs = 0
        for i in 0..<runs.count { for j in (i + 1)..<runs.count { total += count(runs[i], runs[j], k: k); pairs += 1 } }
        return Double(total) / Double(pairs)
    }
}
