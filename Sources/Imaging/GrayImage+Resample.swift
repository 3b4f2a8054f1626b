extension GrayImage {
    /// Resizes to `width x height` by area averaging on each shrinking axis and pixel-centre
    /// aligned bilinear interpolation on each enlarging one; the aspect ratio is not kept.
    ///
    /// The same size returns `self` unchanged. An empty source yields a zero-filled image.
    /// Cost is about `width_in * height_in` multiply-adds plus a small second pass.
    public func resized(width: Int, height: Int) -> GrayImage {
        if width == self.width && height == self.height { return self }
        return resampled(width: width, height: height,
                         horizontal: { .automatic(from: $0, to: $1) },
                         vertical: { .automatic(from: $0, to: $1) })
    }

    /// Downsamples by exact box averaging: each output pixel is the mean of the source area it
    /// covers, with fractional edge pixels weighted by their covered fraction.
    ///
    /// Also defined when enlarging (each output then copies or blends at most two sources).
    /// Internal: `resized` uses these taps; tests reach them one axis type at a time.
    func areaResized(width: Int, height: Int) -> GrayImage {
        resampled(width: width, height: height,
                  horizontal: { .area(from: $0, to: $1) },
                  vertical: { .area(from: $0, to: $1) })
    }

    /// Resizes by bilinear interpolation with pixel centres aligned (output pixel `o` samples
    /// source coordinate `(o + 0.5) * in / out - 0.5`) and edges replicated. Internal, as
    /// `areaResized` is.
    func bilinearResized(width: Int, height: Int) -> GrayImage {
        resampled(width: width, height: height,
                  horizontal: { .bilinear(from: $0, to: $1) },
                  vertical: { .bilinear(from: $0, to: $1) })
    }

    /// Box-averages the region `x, y, width, height` (pixels, fractions allowed; inside the
    /// image) of `map(pixel)` onto `outWidth x outHeight`: each output is the mean of the
    /// source area it covers, fractional edge pixels weighted by their covered fraction, so
    /// shrinking never aliases fine ribs into moiré. Returns `outWidth * outHeight` values
    /// row-major (empty for an empty image or output).
    ///
    /// `map` (a display window, for example) is applied to each source pixel before
    /// averaging, and only to the pixels some output reads.
    public func areaAveraged(x: Double, y: Double, width regionWidth: Double, height regionHeight: Double,
                             outWidth: Int, outHeight: Int, map: (Float) -> Float) -> [Float] {
        guard outWidth > 0, outHeight > 0, !isEmpty else { return [] }
        let h = ResampleAxis.area(start: x, length: regionWidth, count: outWidth, limit: width)
        let v = ResampleAxis.area(start: y, length: regionHeight, count: outHeight, limit: height)
        let columns = h.inputsRead, rows = v.inputsRead
        let horizontal = h.restricted(to: columns), vertical = v.restricted(to: rows)
        // Rows first, each source row mapped into `row` just before its pass, so the mapped
        // image is never stored whole: middle (rows.count, outWidth) -> (outHeight, outWidth).
        var row = [Float](repeating: 0, count: columns.count)
        var middle = [Float](repeating: 0, count: rows.count * outWidth)
        pixels.withUnsafeBufferPointer { source in
        row.withUnsafeMutableBufferPointer { row in
        middle.withUnsafeMutableBufferPointer { middle in
            for (r, sy) in rows.enumerated() {
                let sourceRow = source.baseAddress! + sy * width + columns.lowerBound
                for c in 0 ..< columns.count { row[c] = map(sourceRow[c]) }
                Self.resampleRows(UnsafeBufferPointer(row), rows: 1, axis: horizontal,
                                  into: UnsafeMutableBufferPointer(rebasing: middle[(r * outWidth) ..< ((r + 1) * outWidth)]))
            }
        }}}
        return [Float](unsafeUninitializedCapacity: outWidth * outHeight) { buffer, count in
            middle.withUnsafeBufferPointer { Self.resampleColumns($0, width: outWidth, axis: vertical, into: buffer) }
            count = outWidth * outHeight
        }
    }

    private func resampled(width: Int, height: Int,
                           horizontal: (Int, Int) -> ResampleAxis,
                           vertical: (Int, Int) -> ResampleAxis) -> GrayImage {
        precondition(width >= 0 && height >= 0, "negative target size")
        if width == 0 || height == 0 || isEmpty {
            return GrayImage(width: width, height: height, value: 0)
        }
        let h = horizontal(self.width, width)
        let v = vertical(self.height, height)
        let pixels = [Float](unsafeUninitializedCapacity: width * height) { buffer, count in
            resample(horizontal: h, vertical: v, into: buffer)
            count = width * height
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// Runs the separable resample into `destination` (`h.outputCount * v.outputCount`
    /// floats, row-major). Allocates one intermediate image.
    ///
    /// The pass order is chosen by estimated multiply-adds: rows first when that shrinks the
    /// work of the second pass, columns first otherwise (the usual case for large films).
    func resample(horizontal h: ResampleAxis, vertical v: ResampleAxis,
                  into destination: UnsafeMutableBufferPointer<Float>) {
        precondition(h.inputCount == width && v.inputCount == height)
        precondition(destination.count >= h.outputCount * v.outputCount)
        let verticalFirstCost = v.totalTaps * width + v.outputCount * h.totalTaps
        let horizontalFirstCost = height * h.totalTaps + v.totalTaps * h.outputCount
        pixels.withUnsafeBufferPointer { source in
            if verticalFirstCost <= horizontalFirstCost {
                // source (H, W) -> middle (outH, W) -> destination (outH, outW)
                withUnsafeTemporaryAllocation(of: Float.self, capacity: v.outputCount * width) { middle in
                    Self.resampleColumns(source, width: width, axis: v, into: middle)
                    Self.resampleRows(UnsafeBufferPointer(middle), rows: v.outputCount, axis: h,
                                      into: destination)
                }
            } else {
                // source (H, W) -> middle (H, outW) -> destination (outH, outW)
                withUnsafeTemporaryAllocation(of: Float.self, capacity: height * h.outputCount) { middle in
                    Self.resampleRows(source, rows: height, axis: h, into: middle)
                    Self.resampleColumns(UnsafeBufferPointer(middle), width: h.outputCount, axis: v,
                                         into: destination)
                }
            }
        }
    }

    /// Applies `axis` along each row: input (rows, axis.inputCount) -> output (rows, axis.outputCount).
    private static func resampleRows(_ input: UnsafeBufferPointer<Float>, rows: Int, axis: ResampleAxis,
                                     into output: UnsafeMutableBufferPointer<Float>) {
        let inW = axis.inputCount, outW = axis.outputCount
        axis.first.withUnsafeBufferPointer { first in
        axis.tapStart.withUnsafeBufferPointer { tapStart in
        axis.weights.withUnsafeBufferPointer { weights in
            for y in 0 ..< rows {
                let row = input.baseAddress! + y * inW
                let out = output.baseAddress! + y * outW
                for o in 0 ..< outW {
                    let src = row + first[o]
                    var acc: Float = 0
                    var k = tapStart[o], j = 0
                    let end = tapStart[o + 1]
                    while k < end {
                        acc += weights[k] * src[j]
                        k += 1; j += 1
                    }
                    out[o] = acc
                }
            }
        }}}
    }

    /// Applies `axis` down each column: input (axis.inputCount, width) -> output (axis.outputCount, width).
    ///
    /// Works a whole row at a time (`out_row += w * in_row`) so the inner loop is contiguous
    /// and vectorises.
    private static func resampleColumns(_ input: UnsafeBufferPointer<Float>, width: Int, axis: ResampleAxis,
                                        into output: UnsafeMutableBufferPointer<Float>) {
        axis.first.withUnsafeBufferPointer { first in
        axis.tapStart.withUnsafeBufferPointer { tapStart in
        axis.weights.withUnsafeBufferPointer { weights in
            for o in 0 ..< axis.outputCount {
                let out = output.baseAddress! + o * width
                var k = tapStart[o]
                let end = tapStart[o + 1]
                var src = input.baseAddress! + first[o] * width
                let w0 = weights[k]
                for x in 0 ..< width { out[x] = w0 * src[x] }
                k += 1; src += width
                while k < end {
                    let w = weights[k]
                    for x in 0 ..< width { out[x] += w * src[x] }
                    k += 1; src += width
                }
            }
        }}}
    }
}
