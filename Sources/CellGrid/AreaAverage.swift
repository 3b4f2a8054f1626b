import Imaging

/// Box (area-average) resampling of an image region onto an output grid.
///
/// Each output pixel is the mean of the source area it covers, fractional edge pixels
/// weighted by their covered fraction, so shrinking never aliases fine ribs into moiré.
/// Kept private to CellGrid so the module does not wait on Imaging's resampler.
package enum AreaAverage {
    /// Resamples `region` of `image` (mapped through `map` per source pixel) to `outWidth x outHeight`.
    /// Returns `outWidth * outHeight` values row-major. The region must lie inside the image.
    package static func resample(_ image: GrayImage, region: ImageRegion, outWidth: Int, outHeight: Int,
                         map: (Float) -> Float) -> [Float] {
        guard outWidth > 0, outHeight > 0, !image.isEmpty else { return [] }
        let cols = weights(start: region.x, length: region.width, count: outWidth, limit: image.width)
        let rows = weights(start: region.y, length: region.height, count: outHeight, limit: image.height)
        let srcX0 = cols.first!.first!.index, srcX1 = cols.last!.last!.index + 1
        // Horizontal pass over only the source rows some output row touches.
        let srcY0 = rows.first!.first!.index, srcY1 = rows.last!.last!.index + 1
        var mappedRow = [Float](repeating: 0, count: srcX1 - srcX0)
        var horizontal = [Float](repeating: 0, count: (srcY1 - srcY0) * outWidth)  // (srcRows, outWidth)
        for sy in srcY0..<srcY1 {
            for sx in srcX0..<srcX1 { mappedRow[sx - srcX0] = map(image.pixels[sy * image.width + sx]) }
            for (ox, taps) in cols.enumerated() {
                var sum: Float = 0
                for tap in taps { sum += tap.weight * mappedRow[tap.index - srcX0] }
                horizontal[(sy - srcY0) * outWidth + ox] = sum
            }
        }
        var out = [Float](repeating: 0, count: outWidth * outHeight)  // (outHeight, outWidth)
        for (oy, taps) in rows.enumerated() {
            for tap in taps {
                let base = (tap.index - srcY0) * outWidth
                for ox in 0..<outWidth { out[oy * outWidth + ox] += tap.weight * horizontal[base + ox] }
            }
        }
        return out
    }

    /// For each of `count` equal output intervals over `[start, start + length)`, the source
    /// indices it overlaps and their normalised overlap weights. Never empty per output.
    static func weights(start: Double, length: Double, count: Int, limit: Int) -> [[(index: Int, weight: Float)]] {
        let step = length / Double(count)
        return (0..<count).map { i in
            let a = start + Double(i) * step, b = start + Double(i + 1) * step
            var first = Int(a.rounded(.down)), last = Int(b.rounded(.up)) - 1
            first = min(max(first, 0), limit - 1)
            last = min(max(last, first), limit - 1)
            var taps: [(index: Int, weight: Float)] = []
            var total = 0.0
            for s in first...last {
                let overlap = min(b, Double(s + 1)) - max(a, Double(s))
                if overlap > 0 { taps.append((s, Float(overlap))); total += overlap }
            }
            if taps.isEmpty { return [(first, 1)] }  // sub-pixel interval at an edge: nearest pixel
            return taps.map { ($0.index, $0.weight / Float(total)) }
        }
    }
}
