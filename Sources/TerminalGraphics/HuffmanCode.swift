/// A canonical, length-limited Huffman code over symbols `0..<lengths.count` (RFC 1951 3.2.2).
struct HuffmanCode {
    /// Code length per symbol in bits; 0 for a symbol that never occurs.
    let lengths: [UInt8]
    /// Each symbol's code, bit-reversed so `BitWriter.write` sends it most significant bit first.
    let reversedCodes: [UInt16]

    /// The optimal code for `frequencies` with no code longer than `limit` bits.
    ///
    /// Huffman's construction (two queues over the leaves sorted by frequency, O(n log n)),
    /// then, when a code is too long, the lengths are redistributed as miniz does (move one
    /// code from the deepest level and split a shorter one until Kraft's sum is 1 again) and
    /// handed out longest-to-rarest. A single used symbol gets a 1-bit code.
    init(frequencies: [Int], limit: Int) {
        self.init(lengths: Self.lengths(frequencies, limit: limit))
    }

    /// The canonical code for given lengths.
    init(lengths: [UInt8]) {
        self.lengths = lengths
        let maxLength = Int(lengths.max() ?? 0)
        var countPerLength = [Int](repeating: 0, count: maxLength + 1)
        for l in lengths where l > 0 { countPerLength[Int(l)] += 1 }
        var next = [UInt16](repeating: 0, count: maxLength + 2)
        var code: UInt16 = 0
        if maxLength > 0 {
            for bits in 1...maxLength {
                code = (code + UInt16(countPerLength[bits - 1])) << 1
                next[bits] = code
            }
        }
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, l) in lengths.enumerated() where l > 0 {
            codes[symbol] = next[Int(l)].bitReversed(width: Int(l))
            next[Int(l)] += 1
        }
        reversedCodes = codes
    }

    /// Bits needed to send `frequencies` with this code.
    func cost(_ frequencies: [Int]) -> Int {
        var bits = 0
        for (symbol, n) in frequencies.enumerated() { bits += n * Int(lengths[symbol]) }
        return bits
    }

    static func lengths(_ frequencies: [Int], limit: Int) -> [UInt8] {
        var lengths = [UInt8](repeating: 0, count: frequencies.count)
        let leaves = frequencies.indices.filter { frequencies[$0] > 0 }
            .sorted { (frequencies[$0], $0) < (frequencies[$1], $1) }
        let m = leaves.count
        if m == 0 { return lengths }
        if m == 1 { lengths[leaves[0]] = 1; return lengths }
        // Nodes 0..<m are the leaves in ascending frequency, m..<2m-1 the inner nodes in the
        // order made (also ascending), so the two lightest are always at the queues' heads.
        var weight = leaves.map { frequencies[$0] } + [Int](repeating: 0, count: m - 1)
        var parent = [Int](repeating: 0, count: 2 * m - 1)
        var leaf = 0, inner = m
        for node in m..<(2 * m - 1) {
            var picked = (0, 0)
            for k in 0..<2 {
                let takeLeaf = leaf < m && (inner >= node || weight[leaf] <= weight[inner])
                let chosen = takeLeaf ? leaf : inner
                if takeLeaf { leaf += 1 } else { inner += 1 }
                if k == 0 { picked.0 = chosen } else { picked.1 = chosen }
            }
            weight[node] = weight[picked.0] + weight[picked.1]
            parent[picked.0] = node
            parent[picked.1] = node
        }
        var depth = [Int](repeating: 0, count: 2 * m - 1)  // root 2m-2 at depth 0
        for node in stride(from: 2 * m - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }

        var count = [Int](repeating: 0, count: limit + 1)
        for i in 0..<m { count[min(depth[i], limit)] += 1 }
        // Kraft's sum in units of 2^-limit; clamping to `limit` can only have raised it above 1.
        var kraft = 0
        for l in 1...limit { kraft += count[l] << (limit - l) }
        while kraft > 1 << limit {
            count[limit] -= 1
            for l in stride(from: limit - 1, through: 1, by: -1) where count[l] > 0 {
                count[l] -= 1
                count[l + 1] += 2
                break
            }
            kraft -= 1
        }
        // Longest codes to the rarest symbols.
        var next = 0
        for l in stride(from: limit, through: 1, by: -1) {
            for _ in 0..<count[l] {
                lengths[leaves[next]] = UInt8(l)
                next += 1
            }
        }
        return lengths
    }
}
