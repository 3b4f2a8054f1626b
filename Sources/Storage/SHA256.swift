/// SHA-256 (FIPS 180-4, section 6.2) as an incremental hasher: feed bytes with `update`,
/// read the 32-byte digest with `finalize`.
///
/// Written from the standard's description; used to give each study case a content identity.
/// Not constant-time and not meant for secrets, only for file identity.
public struct SHA256: Sendable {
    /// Digest length in bytes.
    public static let digestByteCount = 32
    /// Message block length in bytes.
    static let blockByteCount = 64

    /// H(0): first 32 bits of the fractional parts of the square roots of the first 8 primes
    /// (FIPS 180-4 section 5.3.3). A test re-derives these from the primes.
    package static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    /// K: first 32 bits of the fractional parts of the cube roots of the first 64 primes
    /// (FIPS 180-4 section 4.2.2). A test re-derives these from the primes.
    package static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The running hash value H(i), eight 32-bit words.
    private var state: [UInt32] = SHA256.initialState
    /// Bytes of an incomplete block carried between `update` calls (fewer than 64).
    private var pending: [UInt8] = []
    /// Total message length so far, in bytes.
    private var messageByteCount: UInt64 = 0

    /// Creates a hasher for an empty message.
    public init() {}

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Appends the bytes in `buffer` to the message (the fast path: no copy for whole blocks).
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        messageByteCount &+= UInt64(buffer.count)
        var input = buffer[...]
        if !pending.isEmpty {
            let take = min(Self.blockByteCount - pending.count, input.count)
            pending.append(contentsOf: input.prefix(take))
            input = input.dropFirst(take)
            if pending.count < Self.blockByteCount { return }
            let block = pending
            block.withUnsafeBytes { compress(blocks: $0) }
            pending.removeAll(keepingCapacity: true)
        }
        let wholeBytes = input.count - input.count % Self.blockByteCount
        if wholeBytes > 0 {
            compress(blocks: UnsafeRawBufferPointer(rebasing: input.prefix(wholeBytes)))
        }
        pending.append(contentsOf: input.dropFirst(wholeBytes))
    }

    /// Pads the message (a 1 bit, zeros, the 64-bit big-endian bit length) and returns the
    /// 32-byte digest. The hasher should not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        let bitLength = messageByteCount &* 8
        var tail = pending
        tail.append(0x80)
        // Zero-fill so that 8 bytes of length end the last block.
        while tail.count % Self.blockByteCount != Self.blockByteCount - 8 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBytes { compress(blocks: $0) }
        pending.removeAll()
        var digest: [UInt8] = []
        digest.reserveCapacity(Self.digestByteCount)
        for word in state {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// The SHA-256 digest (32 bytes) of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hex characters.
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        hex(hash(bytes))
    }

    /// Lowercase hex spelling of any byte string (two characters per byte).
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs the compression function over every 64-byte block of `blocks`
    /// (`blocks.count` must be a multiple of 64).
    private mutating func compress(blocks: UnsafeRawBufferPointer) {
        let blockCount = blocks.count / Self.blockByteCount
        guard blockCount > 0, let base = blocks.baseAddress else { return }
        Self.roundConstants.withUnsafeBufferPointer { k in
            state.withUnsafeMutableBufferPointer { h in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                    for blockIndex in 0..<blockCount {
                        let block = base + blockIndex * Self.blockByteCount
                        Self.compressBlock(block, state: h, k: k, schedule: w)
                    }
                }
            }
        }
    }

    /// One application of the SHA-256 compression function (FIPS 180-4 section 6.2.2).
    /// block: 64 bytes; state: 8 words H, updated in place; k: 64 round constants;
    /// schedule: scratch for the 64-word message schedule W.
    @inline(__always)
    private static func compressBlock(
        _ block: UnsafeRawPointer,
        state h: UnsafeMutableBufferPointer<UInt32>,
        k: UnsafeBufferPointer<UInt32>,
        schedule w: UnsafeMutableBufferPointer<UInt32>
    ) {
        // W[t] = M[t] (big-endian words) for t < 16, then σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16].
        for t in 0..<16 {
            w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
        }
        for t in 16..<64 {
            let x = w[t - 15], y = w[t - 2]
            let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
            let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
            w[t] = s1 &+ w[t - 7] &+ s0 &+ w[t - 16]
        }
        var a = h[0], b = h[1], c = h[2], d = h[3]
        var e = h[4], f = h[5], g = h[6], hh = h[7]
        for t in 0..<64 {
            let bigSigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let choose = (e & f) ^ (~e & g)
            let t1 = hh &+ bigSigma1 &+ choose &+ k[t] &+ w[t]
            let bigSigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = bigSigma0 &+ majority
            hh = g; g = f; f = e; e = d &+ t1
            d = c; c = b; b = a; a = t1 &+ t2
        }
        h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
        h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
    }

    /// Rotate right by `n` bits (0 < n < 32).
    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x >> n) | (x << (32 - n))
    }
}
