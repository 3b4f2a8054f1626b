/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// Every random choice in Lightbox (augmentation, phantoms, LIME sampling, shuffling) takes
/// one of these, seeded from `--seed`, so a run is reproducible bit for bit. Not for
/// cryptography. The full 64-bit state is the seed; any value, zero included, is valid.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The current internal state; equal states produce equal streams.
    public var state: UInt64

    /// Creates a generator whose stream is fully determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 uniformly distributed bits and advances the state.
    @inlinable
    public mutating func next() -> UInt64 { Self.step(&state) }

    /// One SplitMix64 step on a bare state: advances `state` and returns its output. For hot
    /// loops that keep the state in a local (a generic `RandomNumberGenerator` reached through
    /// an existential costs a witness call per draw).
    @inlinable @inline(__always)
    public static func step(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for an independent sub-stream, e.g. one per image in a batch.
    ///
    /// Mixing the index through one SplitMix64 step keeps neighbouring indices uncorrelated.
    public func derived(_ index: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: state ^ (index &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }
}
