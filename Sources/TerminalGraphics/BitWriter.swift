/// Packs bit fields into bytes least-significant bit first, as deflate (RFC 1951 3.1.1) wants.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends the low `width` bits of `value` (width 0...32).
    mutating func write(_ value: UInt32, width: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += width
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Pads with zero bits to the next byte boundary.
    mutating func alignToByte() {
        if count > 0 { write(0, width: 8 - count) }
    }

    /// Appends whole bytes (after `alignToByte`).
    mutating func append<S: Sequence>(bytes more: S) where S.Element == UInt8 {
        precondition(count == 0, "bytes must start on a byte boundary")
        bytes += more
    }

    /// Bits written so far.
    var bitCount: Int { bytes.count * 8 + count }
}

extension UInt16 {
    /// The low `width` bits in reverse order.
    func bitReversed(width: Int) -> UInt16 {
        var v = self, out: UInt16 = 0
        for _ in 0..<width {
            out = out << 1 | (v & 1)
            v >>= 1
        }
        return out
    }
}
