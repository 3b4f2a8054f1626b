/// A naive inflater (RFC 1951) and zlib reader (RFC 1950) written for the tests, straight
/// from the RFCs and independently of `Deflate`: one bit at a time, codes looked up in a
/// dictionary keyed by (length, code). Stored, fixed and dynamic blocks; every length and
/// distance checked.
public enum Inflate {
    /// The data inside a zlib stream, checking the header, the Adler-32 and that nothing follows.
    public static func zlib(_ stream: [UInt8]) throws -> [UInt8] {
        guard stream.count >= 6 else { throw DecodeError("zlib stream of \(stream.count) bytes") }
        guard stream[0] & 0x0F == 8, stream[0] >> 4 <= 7, (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0,
              stream[1] & 0x20 == 0 else { throw DecodeError("bad zlib header \(stream[0]) \(stream[1])") }
        var reader = BitReader(bytes: Array(stream[2...]))
        let data = try inflate(&reader)
        let trailer = reader.byteOffsetAfterAlignment
        let rest = Array(stream[(2 + trailer)...])
        guard rest.count == 4 else { throw DecodeError("\(rest.count) bytes after the deflate stream, want 4") }
        let adler = UInt32(rest[0]) << 24 | UInt32(rest[1]) << 16 | UInt32(rest[2]) << 8 | UInt32(rest[3])
        guard adler == PNGDecoder.naiveAdler(data) else { throw DecodeError("bad Adler-32") }
        return data
    }

    /// Inflates blocks until the final one.
    public static func inflate(_ reader: inout BitReader) throws -> [UInt8] {
        var out: [UInt8] = []
        var final = false
        while !final {
            final = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0:
                reader.align()
                let len = try reader.bits(16), nlen = try reader.bits(16)
                guard len ^ nlen == 0xFFFF else { throw DecodeError("stored block LEN/NLEN mismatch") }
                for _ in 0..<len { out.append(UInt8(try reader.bits(8))) }
            case 1:
                let literal = (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }
                try inflateBlock(&reader, literals: Code(literal), distances: Code([Int](repeating: 5, count: 30)), into: &out)
            case 2:
                let hlit = try reader.bits(5) + 257, hdist = try reader.bits(5) + 1, hclen = try reader.bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var clLengths = [Int](repeating: 0, count: 19)
                for k in 0..<hclen { clLengths[order[k]] = try reader.bits(3) }
                let cl = Code(clLengths)
                var lengths: [Int] = []
                while lengths.count < hlit + hdist {
                    let s = try cl.decode(&reader)
                    switch s {
                    case 0...15: lengths.append(s)
                    case 16:
                        guard let last = lengths.last else { throw DecodeError("repeat with no previous length") }
                        lengths += [Int](repeating: last, count: 3 + (try reader.bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try reader.bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try reader.bits(7)))
                    }
                }
                guard lengths.count == hlit + hdist else { throw DecodeError("code lengths overrun") }
                guard lengths[256] > 0 else { throw DecodeError("no end-of-block code") }
                try inflateBlock(&reader, literals: Code(Array(lengths[0..<hlit])), distances: Code(Array(lengths[hlit...])), into: &out)
            default:
                throw DecodeError("reserved block type 3")
            }
        }
        return out
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                       4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static func inflateBlock(_ reader: inout BitReader, literals: Code, distances: Code, into out: inout [UInt8]) throws {
        while true {
            let s = try literals.decode(&reader)
            if s < 256 { out.append(UInt8(s)); continue }
            if s == 256 { return }
            guard s <= 285 else { throw DecodeError("length symbol \(s)") }
            let length = lengthBase[s - 257] + (try reader.bits(lengthExtra[s - 257]))
            let d = try distances.decode(&reader)
            guard d < 30 else { throw DecodeError("distance symbol \(d)") }
            let distance = distanceBase[d] + (try reader.bits(distanceExtra[d]))
            guard distance <= out.count, distance <= 32_768 else { throw DecodeError("distance \(distance) beyond \(out.count) bytes") }
            for _ in 0..<length { out.append(out[out.count - distance]) }
        }
    }

    /// A canonical Huffman code (RFC 1951 3.2.2) as a dictionary from (length, code) to symbol.
    struct Code {
        var table: [Int: Int] = [:]  // key: length << 16 | code

        init(_ lengths: [Int]) {
            let maxBits = lengths.max() ?? 0
            var count = [Int](repeating: 0, count: maxBits + 1)
            for l in lengths where l > 0 { count[l] += 1 }
            var next = [Int](repeating: 0, count: maxBits + 2)
            var code = 0
            if maxBits > 0 {
                for bits in 1...maxBits {
                    code = (code + count[bits - 1]) << 1
                    next[bits] = code
                }
            }
            for (symbol, l) in lengths.enumerated() where l > 0 {
                table[l << 16 | next[l]] = symbol
                next[l] += 1
            }
        }

        func decode(_ reader: inout BitReader) throws -> Int {
            var code = 0
            for length in 1...15 {
                code = code << 1 | (try reader.bits(1))
                if let symbol = table[length << 16 | code] { return symbol }
            }
            throw DecodeError("no Huffman code matches")
        }
    }
}

/// Reads deflate's bit fields, least significant bit first.
public struct BitReader {
    let bytes: [UInt8]
    var position = 0  // in bits

    public init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func bits(_ n: Int) throws -> Int {
        var value = 0
        for k in 0..<n {
            guard position / 8 < bytes.count else { throw DecodeError("deflate stream ends early") }
            value |= Int((bytes[position / 8] >> UInt8(position % 8)) & 1) << k
            position += 1
        }
        return value
    }

    mutating func align() { position = (position + 7) / 8 * 8 }

    var byteOffsetAfterAlignment: Int { (position + 7) / 8 }
}
