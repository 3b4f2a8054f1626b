extension GrayImage {
    /// The mean over a (2r+1) x (2r+1) window around each pixel, edges replicated; two passes
    /// approximate a Gaussian of sigma about r * 0.8. Separable running sums: O(pixels) for any r.
    public func boxBlurred(radius r: Int) -> GrayImage {
        guard r > 0, width > 0, height > 0 else { return self }
        var out = self
        let horizontal = Self.boxPass(pixels, count: width, lines: height, step: 1, lineStride: width, radius: r)
        out.pixels = Self.boxPass(horizontal, count: height, lines: width, step: width, lineStride: 1, radius: r)
        return out
    }

    /// Box mean along lines of `count` samples `step` apart, lines `lineStride` apart.
    private static func boxPass(_ x: [Float], count n: Int, lines: Int, step: Int, lineStride: Int, radius r: Int) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        let scale = 1 / Float(2 * r + 1)
        for line in 0..<lines {
            let base = line * lineStride
            func at(_ i: Int) -> Float { x[base + min(max(i, 0), n - 1) * step] }
            var sum: Float = 0
            for i in -r...r { sum += at(i) }
            for i in 0..<n {
                y[base + i * step] = sum * scale
                sum += at(i + r + 1) - at(i - r)
            }
        }
        return y
    }
}
