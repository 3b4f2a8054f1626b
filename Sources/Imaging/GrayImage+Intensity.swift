extension GrayImage {
    /// Mirrors every value inside `range` (`low + high - x`), e.g. to turn a negative film
    /// (bone dark) into a positive one; values outside `range` mirror to outside it as well.
    public func inverted(in range: ClosedRange<Float>) -> GrayImage {
        var result = self
        let sum = range.lowerBound + range.upperBound
        result.pixels.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = sum - p[i] }
        }
        return result
    }

    /// Clamps every pixel into `range`.
    public func clamped(to range: ClosedRange<Float>) -> GrayImage {
        var result = self
        result.pixels.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = min(max(p[i], range.lowerBound), range.upperBound) }
        }
        return result
    }

    /// The mean and population standard deviation of the pixels, accumulated in `Double`
    /// with two passes for accuracy; both are 0 for an empty image.
    public var meanAndStandardDeviation: (mean: Float, standardDeviation: Float) {
        pixels.withUnsafeBufferPointer { Self.meanAndStandardDeviation(of: $0) }
    }

    /// The mean pixel value (0 for an empty image).
    public var mean: Float { meanAndStandardDeviation.mean }

    /// The population standard deviation of the pixels (0 for an empty image).
    public var standardDeviation: Float { meanAndStandardDeviation.standardDeviation }

    /// Per-image standardisation `(x - mean) / max(std, epsilon)`: mean 0 and standard
    /// deviation 1 unless the image is flatter than `epsilon` (then it is divided by epsilon).
    public func standardized(epsilon: Float = 1e-3) -> GrayImage {
        var result = self
        result.pixels.withUnsafeMutableBufferPointer { Self.standardize($0, epsilon: epsilon) }
        return result
    }

    static func meanAndStandardDeviation(of p: UnsafeBufferPointer<Float>) -> (mean: Float, standardDeviation: Float) {
        guard !p.isEmpty else { return (0, 0) }
        // Four partial sums break the add dependency chain so the loop pipelines.
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= p.count {
            s0 += Double(p[i]); s1 += Double(p[i + 1]); s2 += Double(p[i + 2]); s3 += Double(p[i + 3])
            i += 4
        }
        while i < p.count { s0 += Double(p[i]); i += 1 }
        let mean = (s0 + s1 + s2 + s3) / Double(p.count)
        var q0 = 0.0, q1 = 0.0
        i = 0
        while i + 2 <= p.count {
            let d0 = Double(p[i]) - mean, d1 = Double(p[i + 1]) - mean
            q0 += d0 * d0; q1 += d1 * d1
            i += 2
        }
        if i < p.count { let d = Double(p[i]) - mean; q0 += d * d }
        return (Float(mean), Float(((q0 + q1) / Double(p.count)).squareRoot()))
    }

    /// Standardises pixels in place to mean 0, standard deviation 1 (std floored at `epsilon`).
    public static func standardize(_ p: UnsafeMutableBufferPointer<Float>, epsilon: Float) {
        let (mean, std) = meanAndStandardDeviation(of: UnsafeBufferPointer(p))
        let scale = 1 / max(std, epsilon)
        for i in p.indices { p[i] = (p[i] - mean) * scale }
    }
}
