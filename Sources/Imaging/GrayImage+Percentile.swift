extension GrayImage {
    /// The `p`-th percentile (`p` in 0...100, clamped) of the pixels with linear interpolation
    /// between order statistics (numpy's default); 0 for an empty image.
    public func percentile(_ p: Float) -> Float {
        percentiles([p])[0]
    }

    /// Several percentiles in one scan; see `percentile(_:)`. Exact, not binned.
    ///
    /// Algorithm: one pass for min/max, one pass into a 65,536-bin histogram to find which
    /// bin holds each wanted rank, one pass collecting only the pixels in those bins, which are
    /// then sorted. That is O(n) with three streaming reads and no copy of the image: about
    /// 45-90 ms for a 3000x2500 film of uniform noise in release on the shared 2-core build
    /// machine, versus 1.2 s to sort a copy. Pixels must be finite; NaNs land in the lowest bin.
    public func percentiles(_ ps: [Float]) -> [Float] {
        guard !pixels.isEmpty else { return ps.map { _ in 0 } }
        let n = pixels.count
        // Each percentile needs the two order statistics around its fractional rank.
        var ranks: [(low: Int, high: Int, t: Float)] = []
        for p in ps {
            let position = Double(min(max(p, 0), 100)) / 100 * Double(n - 1)
            let low = Int(position)
            ranks.append((low, min(low + 1, n - 1), Float(position - Double(low))))
        }
        let wanted = Array(Set(ranks.flatMap { [$0.low, $0.high] })).sorted()
        let values = orderStatistics(sortedRanks: wanted)
        var lookup: [Int: Float] = [:]
        for (rank, value) in zip(wanted, values) { lookup[rank] = value }
        return ranks.map { r in
            let a = lookup[r.low]!, b = lookup[r.high]!
            return r.t == 0 ? a : a + (b - a) * r.t
        }
    }

    /// Exact order statistics (0-based ranks into the sorted pixels) by histogram then refine.
    private func orderStatistics(sortedRanks ranks: [Int]) -> [Float] {
        let binCount = 65_536
        return pixels.withUnsafeBufferPointer { p -> [Float] in
            let (lo, hi) = Self.minMax(p)
            if !(hi > lo) { return ranks.map { _ in lo } }
            let scale = Float(binCount) / (hi - lo)
            @inline(__always) func bin(_ v: Float) -> Int {
                let t = (v - lo) * scale
                return t >= 0 ? min(Int(t), binCount - 1) : 0
            }
            var histogram = [Int32](repeating: 0, count: binCount)
            histogram.withUnsafeMutableBufferPointer { h in
                for v in p { h[bin(v)] += 1 }
            }
            // For each rank: its bin and its rank within that bin.
            var targets: [(bin: Int, offset: Int)] = []
            var cumulative = 0, b = 0
            for rank in ranks {
                while cumulative + Int(histogram[b]) <= rank {
                    cumulative += Int(histogram[b]); b += 1
                }
                targets.append((b, rank - cumulative))
            }
            var isTarget = [Bool](repeating: false, count: binCount)
            var capacity = 0
            for t in targets where !isTarget[t.bin] {
                isTarget[t.bin] = true
                capacity += Int(histogram[t.bin])
            }
            var collected: [Int: [Float]] = [:]
            var all = [Float](); all.reserveCapacity(capacity)
            isTarget.withUnsafeBufferPointer { target in
                for v in p where target[bin(v)] { all.append(v) }
            }
            for v in all { collected[bin(v), default: []].append(v) }
            for key in collected.keys { collected[key]!.sort() }
            return targets.map { collected[$0.bin]![$0.offset] }
        }
    }

    /// Smallest and largest pixel, eight lanes at a time (a scalar compare loop does not
    /// vectorise because of NaN ordering rules).
    static func minMax(_ p: UnsafeBufferPointer<Float>) -> (Float, Float) {
        var lo = p[0], hi = p[0]
        var i = 0
        if p.count >= 8 {
            let raw = UnsafeRawPointer(p.baseAddress!)
            var vlo = raw.loadUnaligned(as: SIMD8<Float>.self), vhi = vlo
            while i + 8 <= p.count {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                vlo = pointwiseMin(vlo, v)
                vhi = pointwiseMax(vhi, v)
                i += 8
            }
            lo = vlo.min(); hi = vhi.max()
        }
        while i < p.count {
            lo = min(lo, p[i]); hi = max(hi, p[i])
            i += 1
        }
        return (lo, hi)
    }
}
