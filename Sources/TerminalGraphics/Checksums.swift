/// The two checksums a PNG file needs, computed over byte sequences.
public enum Checksums {
    /// The CRC-32 of ISO 3309 / PNG (polynomial 0xEDB88320 reflected, initial and final
    /// value 0xFFFFFFFF), continued from `crc` (pass the result of an earlier call to chain).
    /// Table-driven: one lookup per byte.
    public static func crc32<S: Sequence>(_ bytes: S, continuing crc: UInt32 = 0) -> UInt32 where S.Element == UInt8 {
        var c = ~crc
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return ~c
    }

    /// The Adler-32 checksum of RFC 1950 (zlib's trailer).
    public static func adler32<S: Sequence>(_ bytes: S) -> UInt32 where S.Element == UInt8 {
        var a: UInt32 = 1, b: UInt32 = 0
        var pending = 0
        for byte in bytes {
            a &+= UInt32(byte)
            b &+= a
            pending += 1
            // 5552 is the most bytes before b can overflow 32 bits (zlib's NMAX).
            if pending == 5552 { a %= 65521; b %= 65521; pending = 0 }
        }
        return ((b % 65521) << 16) | (a % 65521)
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }
}
