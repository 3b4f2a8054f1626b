#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Our own samplers instead of `Float.random(in:using:)`, `Int.random(in:using:)` and
// `shuffle(using:)`: the standard library does not promise that its mapping from bits to
// values stays the same across releases, and saved seeds must reproduce the same
// augmentations, phantoms, splits and initial weights forever. Where Lightbox used the
// standard library's samplers before (patient splits, shuffles, He initialisation, LIME), the
// samplers here draw exactly as Swift 6's did, so earlier seeds keep their results.
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

    /// A uniform `Double` in `0 ..< 1` from the low 53 bits of one `next()` call.
    @inlinable
    public mutating func unitDouble() -> Double {
        Double(next() & (1 << 53 - 1)) * 0x1p-53
    }

    /// A uniform `Double` in `range` (never its upper bound): `unitDouble()` scaled, drawn again
    /// in the rare case rounding reaches the upper bound (as Swift 6's `Double.random(in:using:)`).
    @inlinable
    public mutating func uniform(_ range: Range<Double>) -> Double {
        precondition(!range.isEmpty, "uniform(_:) needs a non-empty range")
        let delta = range.upperBound - range.lowerBound
        while true {
            let value = delta * unitDouble() + range.lowerBound
            if value != range.upperBound { return value }
        }
    }

    /// An exactly uniform integer in `0 ..< count` (`count > 0`) by Lemire's nearly divisionless
    /// method: one `next()` call, another only in the rare (< count / 2^64) rejection case.
    @inlinable
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0, "index(below:) needs a positive count")
        let bound = UInt64(truncatingIfNeeded: count)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
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
        return Float(boxMuller(u1: u1, u2: u2).cosine)
    }

    /// A normal sample with the given `mean` and `standardDeviation` (>= 0).
    @inlinable
    public mutating func normal(mean: Float, standardDeviation: Float) -> Float {
        mean + standardDeviation * standardNormal()
    }

    /// Shuffles `array` in place by Fisher-Yates from the front, `index(below:)` once per
    /// position but the last: the order Swift 6's `shuffle(using:)` gives, fixed forever.
    public mutating func stableShuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in 0..<(array.count - 1) {
            array.swapAt(i, i + index(below: array.count - i))
        }
    }
}


/// The Box-Muller transform: two independent standard normal samples from two uniforms,
/// `u1` in (0, 1] (so the logarithm is finite) and `u2` in [0, 1).
@inlinable
public func boxMuller(u1: Double, u2: Double) -> (cosine: Double, sine: Double) {
    let radius = (-2.0 * log(u1)).squareRoot()
    let angle = 2.0 * Double.pi * u2
    return (radius * cos(angle), radius * sin(angle))
}
