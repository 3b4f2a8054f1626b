extension SLIC {
    /// Relabels every 4-connected piece as its own segment, merging pieces smaller than
    /// `minimumSize` into the segment they touch first in raster order; labels become 0..<count
    /// in raster order of first pixel.
    ///
    /// A merged piece is adjacent to the segment it joins, so every output segment stays one
    /// 4-connected piece. O(pixels).
    static func enforceConnectivity(_ labels: [Int32], width W: Int, height H: Int,
                                    minimumSize: Int) -> (labels: [Int32], count: Int) {
        let N = W * H
        var out = [Int32](repeating: -1, count: N)
        var queue = [Int](repeating: 0, count: N)
        var next: Int32 = 0
        for start in 0..<N where out[start] < 0 {
            // The segment a too-small piece joins: the already-labelled neighbour of its first pixel.
            var adjacent: Int32 = -1
            let sx = start % W, sy = start / W
            if sx > 0 && out[start - 1] >= 0 { adjacent = out[start - 1] }
            else if sy > 0 && out[start - W] >= 0 { adjacent = out[start - W] }
            let original = labels[start]
            out[start] = next
            queue[0] = start
            var head = 0, tail = 1
            while head < tail {
                let p = queue[head]; head += 1
                let x = p % W, y = p / W
                if x > 0 && out[p - 1] < 0 && labels[p - 1] == original { out[p - 1] = next; queue[tail] = p - 1; tail += 1 }
                if x + 1 < W && out[p + 1] < 0 && labels[p + 1] == original { out[p + 1] = next; queue[tail] = p + 1; tail += 1 }
                if y > 0 && out[p - W] < 0 && labels[p - W] == original { out[p - W] = next; queue[tail] = p - W; tail += 1 }
                if y + 1 < H && out[p + W] < 0 && labels[p + W] == original { out[p + W] = next; queue[tail] = p + W; tail += 1 }
            }
            if tail < minimumSize && adjacent >= 0 {
                for q in 0..<tail { out[queue[q]] = adjacent }
            } else {
                next += 1
            }
        }
        return (out, Int(next))
    }
}
