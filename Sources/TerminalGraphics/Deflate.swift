/// A small deflate compressor (RFC 1951) and its zlib wrapper (RFC 1950), for PNG payloads.
///
/// LZ77 with a 32 KiB window (hash chains on 3 bytes, at most `maxChain` candidates per
/// position, greedy matching), then per block of up to 65,536 tokens either dynamic Huffman
/// codes built for the block or stored bytes, whichever is shorter. Pure; O(n * maxChain).
/// Tests check round trips through an independent inflater (Tests/TestSupport/Inflate.swift).
public enum Deflate {
    /// Candidates tried per position: more finds longer matches, slower.
    static let maxChain = 24
    /// A match this long ends the search at once.
    static let niceLength = 128
    /// Tokens per block: each block gets its own Huffman codes.
    static let blockTokens = 1 << 16

    /// `data` as a zlib stream: header 78 9C, deflate blocks, Adler-32 big-endian.
    public static func zlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x9C]  // deflate, 32 KiB window, default level; 0x789C % 31 == 0
        out += compress(data)
        let adler = Checksums.adler32(data)
        out += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
        return out
    }

    /// `data` as a raw deflate stream (the last block has BFINAL set).
    public static func compress(_ data: [UInt8]) -> [UInt8] {
        var writer = BitWriter(reservingCapacity: data.count / 2 + 64)
        let n = data.count
        guard n > 0 else {
            writeStored(data[0..<0], final: true, into: &writer)
            return writer.bytes
        }
        // A token is a literal byte (< 256) or a match `distance << 16 | length`.
        var tokens: [UInt32] = []
        tokens.reserveCapacity(blockTokens)
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        var previous = [Int32](repeating: -1, count: n)  // previous[p]: the last earlier position with p's hash
        var blockStart = 0
        data.withUnsafeBufferPointer { d in
            head.withUnsafeMutableBufferPointer { head in
                previous.withUnsafeMutableBufferPointer { previous in
                    @inline(__always) func insert(_ p: Int) {
                        let h = hash(d, p)
                        previous[p] = head[h]
                        head[h] = Int32(p)
                    }
                    var pos = 0
                    while pos < n {
                        var bestLength = 0, bestDistance = 0
                        if pos + 2 < n {
                            let limit = min(258, n - pos)
                            var candidate = Int(head[hash(d, pos)])
                            var chain = maxChain
                            while candidate >= 0 && pos - candidate <= 32_768 && chain > 0 {
                                // Only a candidate that also matches one byte further can win.
                                if d[candidate + bestLength] == d[pos + bestLength] {
                                    let l = matchLength(d, candidate, pos, limit: limit)
                                    if l > bestLength {
                                        bestLength = l
                                        bestDistance = pos - candidate
                                        if l >= niceLength || l == limit { break }
                                    }
                                }
                                candidate = Int(previous[candidate])
                                chain -= 1
                            }
                            insert(pos)
                        }
                        if bestLength >= 3 {
                            tokens.append(UInt32(bestDistance) << 16 | UInt32(bestLength))
                            let end = pos + bestLength
                            var p = pos + 1
                            while p < end && p + 2 < n { insert(p); p += 1 }
                            pos = end
                        } else {
                            tokens.append(UInt32(d[pos]))
                            pos += 1
                        }
                        if tokens.count >= blockTokens && pos < n {
                            writeBlock(tokens, raw: data[blockStart..<pos], final: false, into: &writer)
                            tokens.removeAll(keepingCapacity: true)
                            blockStart = pos
                        }
                    }
                }
            }
        }
        writeBlock(tokens, raw: data[blockStart..<n], final: true, into: &writer)
        writer.alignToByte()
        return writer.bytes
    }

    static let hashBits = 15

    /// How many bytes from `a` and `b` (a < b) agree, at most `limit`: eight at a time.
    @inline(__always)
    static func matchLength(_ d: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, limit: Int) -> Int {
        let base = UnsafeRawPointer(d.baseAddress!)
        var l = 0
        while l + 8 <= limit {
            let x = (base.loadUnaligned(fromByteOffset: a + l, as: UInt64.self) ^ base.loadUnaligned(fromByteOffset: b + l, as: UInt64.self)).littleEndian
            if x != 0 { return l + x.trailingZeroBitCount / 8 }  // as little-endian, the first byte is the lowest
            l += 8
        }
        while l < limit && d[a + l] == d[b + l] { l += 1 }
        return l
    }

    @inline(__always)
    static func hash(_ d: UnsafeBufferPointer<UInt8>, _ p: Int) -> Int {
        let v = Int(d[p]) << 16 | Int(d[p + 1]) << 8 | Int(d[p + 2])
        return (v &* 2_654_435_761) >> (32 - hashBits) & ((1 << hashBits) - 1)
    }

    /// One block for `tokens` (which encode `raw`): dynamic Huffman, or stored when shorter.
    static func writeBlock(_ tokens: [UInt32], raw: ArraySlice<UInt8>, final: Bool, into writer: inout BitWriter) {
        var literalFrequencies = [Int](repeating: 0, count: 286)
        var distanceFrequencies = [Int](repeating: 0, count: 30)
        var extraBits = 0
        for token in tokens {
            if token < 256 {
                literalFrequencies[Int(token)] += 1
            } else {
                let l = lengthCode[Int(token & 0xFFFF)], d = distanceCode[Int(token >> 16)]
                literalFrequencies[257 + Int(l)] += 1
                distanceFrequencies[Int(d)] += 1
                extraBits += Int(lengthExtra[Int(l)]) + Int(distanceExtra[Int(d)])
            }
        }
        literalFrequencies[256] = 1
        // Complete codes of at least two symbols, which every inflater accepts.
        var literalShape = literalFrequencies, distanceShape = distanceFrequencies
        if literalShape.filter({ $0 > 0 }).count < 2 { literalShape[0] = max(literalShape[0], 1) }
        for i in 0..<2 where distanceShape.filter({ $0 > 0 }).count < 2 { distanceShape[i] = max(distanceShape[i], 1) }
        let literals = HuffmanCode(frequencies: literalShape, limit: 15)
        let distances = HuffmanCode(frequencies: distanceShape, limit: 15)

        let literalCount = max(257, (literals.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let distanceCount = max(1, (distances.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let header = CodeLengthHeader(Array(literals.lengths[0..<literalCount]) + Array(distances.lengths[0..<distanceCount]))

        let dynamicBits = 3 + 14 + header.bits + literals.cost(literalFrequencies) + distances.cost(distanceFrequencies) + extraBits
        let storedBits = 3 + (raw.count / 65_535 + 1) * 40 + raw.count * 8
        guard dynamicBits < storedBits else {
            writeStored(raw, final: final, into: &writer)
            return
        }
        writer.write(final ? 1 : 0, width: 1)
        writer.write(2, width: 2)  // BTYPE 10: dynamic Huffman codes
        writer.write(UInt32(literalCount - 257), width: 5)
        writer.write(UInt32(distanceCount - 1), width: 5)
        header.write(into: &writer)
        for token in tokens {
            if token < 256 {
                writer.write(UInt32(literals.reversedCodes[Int(token)]), width: Int(literals.lengths[Int(token)]))
                continue
            }
            let length = Int(token & 0xFFFF), distance = Int(token >> 16)
            let l = Int(lengthCode[length]), d = Int(distanceCode[distance])
            writer.write(UInt32(literals.reversedCodes[257 + l]), width: Int(literals.lengths[257 + l]))
            writer.write(UInt32(length - Int(lengthBase[l])), width: Int(lengthExtra[l]))
            writer.write(UInt32(distances.reversedCodes[d]), width: Int(distances.lengths[d]))
            writer.write(UInt32(distance - Int(distanceBase[d])), width: Int(distanceExtra[d]))
        }
        writer.write(UInt32(literals.reversedCodes[256]), width: Int(literals.lengths[256]))
    }

    /// Stored blocks (BTYPE 00) of at most 65,535 bytes each; only the last may be final.
    static func writeStored(_ raw: ArraySlice<UInt8>, final: Bool, into writer: inout BitWriter) {
        var start = raw.startIndex
        repeat {
            let count = min(65_535, raw.endIndex - start)
            let last = start + count == raw.endIndex
            writer.write(final && last ? 1 : 0, width: 1)
            writer.write(0, width: 2)
            writer.alignToByte()
            writer.append(bytes: [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)])
            writer.append(bytes: raw[start..<(start + count)])
            start += count
        } while start < raw.endIndex
    }

    // RFC 1951 3.2.5: length codes 257...285 and distance codes 0...29, their bases and extra bits.
    static let lengthBase: [UInt16] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                       67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [UInt16] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                         1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [UInt8] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// Length code (0...28, add 257) of each match length 0...258 (entries below 3 unused).
    static let lengthCode: [UInt8] = (0...258).map { length in
        UInt8(max(0, (lengthBase.lastIndex { Int($0) <= length } ?? 0)))
    }
    /// Distance code of each distance 0...32768 (entry 0 unused).
    static let distanceCode: [UInt8] = (0...32_768).map { distance in
        UInt8(distanceBase.lastIndex { Int($0) <= distance } ?? 0)
    }
}

/// The code lengths of a dynamic block's two codes, run-length coded with symbols 16, 17, 18
/// and sent with their own Huffman code (RFC 1951 3.2.7).
struct CodeLengthHeader {
    /// (symbol 0...18, extra value) pairs.
    private var items: [(symbol: UInt8, extra: UInt8)] = []
    private let code: HuffmanCode
    /// How many code-length-code lengths are sent (4...19), in `order`.
    private let count: Int
    /// Bits this header takes (HCLEN field, the code's lengths, the coded lengths).
    let bits: Int

    static let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    private static let extraWidth: [Int] = [Int](repeating: 0, count: 16) + [2, 3, 7]

    init(_ lengths: [UInt8]) {
        var i = 0
        while i < lengths.count {
            let value = lengths[i]
            var run = 1
            while i + run < lengths.count && lengths[i + run] == value { run += 1 }
            i += run
            if value == 0 {
                while run >= 11 { let r = min(138, run); items.append((18, UInt8(r - 11))); run -= r }
                if run >= 3 { items.append((17, UInt8(run - 3))); run = 0 }
                for _ in 0..<run { items.append((0, 0)) }
            } else {
                items.append((value, 0))
                run -= 1
                while run >= 3 { let r = min(6, run); items.append((16, UInt8(r - 3))); run -= r }
                for _ in 0..<run { items.append((value, 0)) }
            }
        }
        var frequencies = [Int](repeating: 0, count: 19)
        for item in items { frequencies[Int(item.symbol)] += 1 }
        if frequencies.filter({ $0 > 0 }).count < 2 { frequencies[frequencies[0] > 0 ? 1 : 0] += 1 }
        code = HuffmanCode(frequencies: frequencies, limit: 7)
        var last = 18
        while last > 3 && code.lengths[Self.order[last]] == 0 { last -= 1 }
        count = last + 1
        var bits = 4 + 3 * count
        for item in items { bits += Int(code.lengths[Int(item.symbol)]) + Self.extraWidth[Int(item.symbol)] }
        self.bits = bits
    }

    func write(into writer: inout BitWriter) {
        writer.write(UInt32(count - 4), width: 4)
        for k in 0..<count { writer.write(UInt32(code.lengths[Self.order[k]]), width: 3) }
        for item in items {
            let s = Int(item.symbol)
            writer.write(UInt32(code.reversedCodes[s]), width: Int(code.lengths[s]))
            writer.write(UInt32(item.extra), width: Self.extraWidth[s])
        }
    }
}
