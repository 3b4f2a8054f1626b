#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Our own samplers instead of `Float.random(in:using:)`: the standard library does not
// promise that its mapping from bits to floats stays the same across releases, and
// saved seeds must reproduce the same augmentations and phantoms forever.
extension RandomNumberGenerator {
    /// A uniform `Float` in `0 ..< 1` with 24 bits of resolution (one `next()` call).
    @inlinable
    public mutating func unitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Float` in `range` (the upper bound is reached only by rounding); a
    /// degenerate range `v...v` returns `v` exactly. Consumes one `next()` call.
    @inlinable
    public mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        let u = unitFloat()
        if range.lowerBound == range.upperBound { return range.lowerBound }
        return range.lowerBound + (range.upperBound - range.lowerBound) * u
    }

    /// A uniform integer in `0 ..< count` (`count > 0`), by Lemire-style rejection-free
    /// multiply-shift; bias is below 2^-32 for counts under 2^32.
    @inlinable
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0, "index(below:) needs a positive count")
        let product = UInt64(truncatingIfNeeded: count).multipliedFullWidth(by: next())
        return Int(product.high)
    }

    /// A standard normal sample (mean 0, variance 1) by the Box-Muller transform.
    ///
    /// Consumes two `next()` calls and discards the sine partner so that the generator
    /// needs no extra cached state.
    @inlinable
    public mutating func standardNormal() -> Float {
        // u1 in (0, 1] so the logarithm is finite.
        let u1 = 1.0 - Double(next() >> 11) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2))
    }

    /// A normal sample with the given `mean` and `standardDeviation` (>= 0).
    @inlinable
    public mutating func normal(mean: Float, standardDeviation: Float) -> Float {
        mean + standardDeviation * standardNormal()
    }

    /// Shuffles `array` in place by Fisher-Yates with `index(below:)`, one `next()` per
    /// element after the first: unlike `shuffle(using:)`, the order for a seed is fixed forever.
    public mutating func stableShuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, index(below: i + 1))
        }
    }
}
