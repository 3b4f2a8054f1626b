import Foundation
import Testing
@testable import Storage

@Suite("SHA-256")
struct SHA256Tests {
    @Test("NIST example vectors hash to their published digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func nistVectors(message: String, expected: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == expected)
    }

    @Test("one million 'a' hashes to the NIST digest")
    func millionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("feeding a message in uneven pieces gives the same digest as one call")
    func incremental() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 200, 1000] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for piece in [1, 3, 63, 64, 65, 500] {
                var hasher = SHA256()
                var start = 0
                while start < message.count {
                    let end = min(start + piece, message.count)
                    hasher.update(Array(message[start..<end]))
                    start = end
                }
                #expect(hasher.finalize() == SHA256.hash(message), "length \(length) piece \(piece)")
            }
        }
    }

    @Test("the constants are the fractional roots of the first primes")
    func constantsFromPrimes() {
        let primes = firstPrimes(64)
        // K[t] = floor(cbrt(p) * 2^32) mod 2^32 = floor(cbrt(p * 2^96)) mod 2^32, exact in integers.
        let k = primes.map { UInt32(truncatingIfNeeded: integerRoot(UInt128($0) << 96, degree: 3)) }
        #expect(k == SHA256.roundConstants)
        // H0[i] = floor(sqrt(p) * 2^32) mod 2^32.
        let h = primes.prefix(8).map { UInt32(truncatingIfNeeded: integerRoot(UInt128($0) << 64, degree: 2)) }
        #expect(h == SHA256.initialState)
    }

    @Test("hashing a file in chunks equals hashing its bytes; a missing file names the path")
    func fileHash() throws {
        let folder = try TemporaryDirectory()
        let bytes = (0..<(2 * (1 << 20) + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let path = try folder.write("big.bin", bytes)
        #expect(try SHA256.hashFile(path: path) == SHA256.hash(bytes))
        let empty = try folder.write("empty.bin", [])
        #expect(try SHA256.hexDigestOfFile(path: empty) == SHA256.hexDigest([]))
        let missing = folder.url("gone.jpeg")
        #expect(throws: ImageLoadError(path: missing, reason: .noSuchFile)) { try SHA256.hashFile(path: missing) }
    }

    private func firstPrimes(_ count: Int) -> [Int] {
        var primes: [Int] = []
        var n = 2
        while primes.count < count {
            if primes.allSatisfy({ n % $0 != 0 }) { primes.append(n) }
            n += 1
        }
        return primes
    }

    /// Largest r with r^degree <= value, by bisection.
    private func integerRoot(_ value: UInt128, degree: Int) -> UInt128 {
        var low: UInt128 = 0, high: UInt128 = 1 << 40
        while low < high {
            let mid = (low + high + 1) / 2
            var power: UInt128 = 1
            for _ in 0..<degree { power *= mid }
            if power <= value { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
