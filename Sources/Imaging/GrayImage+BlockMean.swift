extension GrayImage {
    /// The image shrunk by `factor` in each direction by averaging `factor x factor` blocks
    /// (edge blocks average the pixels they hold): output `ceil(width / factor) x ceil(height / factor)`.
    ///
    /// This is what a JPEG decoder's 1/2, 1/4, 1/8 IDCT scaling computes for a JPEG's 8x8 blocks
    /// (the DC term is the block mean), so a DICOM or PNG film reduced this way reaches the model
    /// as the same film's JPEG does. O(pixels).
    public func blockMean(factor: Int) -> GrayImage {
        precondition(factor >= 1, "factor must be at least 1")
        guard factor > 1, !isEmpty else { return self }
        let w = (width + factor - 1) / factor, h = (height + factor - 1) / factor
        var sums = [Float](repeating: 0, count: w * h)
        var counts = [Float](repeating: 0, count: w * h)
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<height {
                let row = (y / factor) * w
                for x in 0..<width {
                    sums[row + x / factor] += src[y * width + x]
                    counts[row + x / factor] += 1
                }
            }
        }
        for i in sums.indices { sums[i] /= counts[i] }
        return GrayImage(width: w, height: h, pixels: sums)
    }
}
