/// The taps that turn one axis of `inputCount` samples into `outputCount` samples.
///
/// Output `o` is `sum(weights[k] * input[first[o] + k - tapStart[o]])` for `k` in
/// `tapStart[o] ..< tapStart[o + 1]`: each output reads a run of consecutive inputs. Area
/// averaging and bilinear interpolation are both such tables, so one separable kernel
/// (`GrayImage+Resample.swift`) serves both and `resized` can mix them per axis.
struct ResampleAxis: Sendable {
    let inputCount: Int
    let outputCount: Int
    /// First input index read by each output; `outputCount` entries.
    var first: [Int]
    /// Start of each output's weights in `weights`; `outputCount + 1` entries.
    var tapStart: [Int]
    var weights: [Float]

    var totalTaps: Int { weights.count }

    /// Exact box coverage: output `o` covers input span `[o * in / out, (o + 1) * in / out)`
    /// and each input pixel weighs by the length of its overlap with that span.
    ///
    /// Overlaps are computed in integers scaled by `outputCount`, so the weights are exact
    /// rationals `overlap / inputCount` and sum to 1 up to one rounding per tap.
    static func area(from inputCount: Int, to outputCount: Int) -> ResampleAxis {
        precondition(inputCount > 0 && outputCount > 0)
        var first = [Int](); first.reserveCapacity(outputCount)
        var tapStart = [0]; tapStart.reserveCapacity(outputCount + 1)
        var weights = [Float](); weights.reserveCapacity(inputCount + outputCount)
        let scale = 1.0 / Double(inputCount)
        for o in 0 ..< outputCount {
            // Span in units of 1/outputCount input pixels.
            let lo = o * inputCount, hi = (o + 1) * inputCount
            let i0 = lo / outputCount
            let i1 = (hi + outputCount - 1) / outputCount  // exclusive
            first.append(i0)
            for i in i0 ..< i1 {
                let overlap = min(hi, (i + 1) * outputCount) - max(lo, i * outputCount)
                weights.append(Float(Double(overlap) * scale))
            }
            tapStart.append(weights.count)
        }
        return ResampleAxis(inputCount: inputCount, outputCount: outputCount,
                            first: first, tapStart: tapStart, weights: weights)
    }

    /// Box coverage of a fractional span: `count` equal output intervals over input
    /// coordinates `[start, start + length)`, each reading the inputs it overlaps (indices
    /// clamped to `0 ..< limit`) weighted by overlap and normalised to sum to 1. An interval
    /// that overlaps no input (a sliver at an edge) reads the nearest pixel.
    ///
    /// Unlike `area(from:to:)` the span need not be whole pixels (a zoomed film's region).
    static func area(start: Double, length: Double, count: Int, limit: Int) -> ResampleAxis {
        precondition(count > 0 && limit > 0)
        var first = [Int](); first.reserveCapacity(count)
        var tapStart = [0]; tapStart.reserveCapacity(count + 1)
        var weights = [Float]()
        let step = length / Double(count)
        for o in 0 ..< count {
            let a = start + Double(o) * step, b = start + Double(o + 1) * step
            let lowest = min(max(Int(a.rounded(.down)), 0), limit - 1)
            let highest = min(max(Int(b.rounded(.up)) - 1, lowest), limit - 1)
            var overlaps: [(index: Int, overlap: Double)] = []
            for i in lowest ... highest {
                let overlap = min(b, Double(i + 1)) - max(a, Double(i))
                if overlap > 0 { overlaps.append((i, overlap)) }
            }
            if overlaps.isEmpty {
                first.append(lowest)
                weights.append(1)
            } else {
                // Overlap is positive on one run of inputs (an interval meets consecutive pixels).
                let total = Float(overlaps.reduce(0) { $0 + $1.overlap })
                first.append(overlaps[0].index)
                for tap in overlaps { weights.append(Float(tap.overlap) / total) }
            }
            tapStart.append(weights.count)
        }
        return ResampleAxis(inputCount: limit, outputCount: count, first: first, tapStart: tapStart, weights: weights)
    }

    /// The inputs some output reads: `first[0] ..< end` (outputs read increasing runs).
    var inputsRead: Range<Int> {
        let last = outputCount - 1
        return first[0] ..< first[last] + tapStart[last + 1] - tapStart[last]
    }

    /// The same taps over the inputs `range` only, indices counted from its start.
    func restricted(to range: Range<Int>) -> ResampleAxis {
        ResampleAxis(inputCount: range.count, outputCount: outputCount,
                     first: first.map { $0 - range.lowerBound }, tapStart: tapStart, weights: weights)
    }

    /// Bilinear taps with pixel centres aligned: output `o` samples input coordinate
    /// `(o + 0.5) * in / out - 0.5`, clamped to the first and last input pixel (edge replicate).
    static func bilinear(from inputCount: Int, to outputCount: Int) -> ResampleAxis {
        precondition(inputCount > 0 && outputCount > 0)
        var first = [Int](); first.reserveCapacity(outputCount)
        var tapStart = [0]; tapStart.reserveCapacity(outputCount + 1)
        var weights = [Float](); weights.reserveCapacity(2 * outputCount)
        let ratio = Double(inputCount) / Double(outputCount)
        for o in 0 ..< outputCount {
            let source = min(max((Double(o) + 0.5) * ratio - 0.5, 0), Double(inputCount - 1))
            let i0 = Int(source)
            let t = source - Double(i0)
            first.append(i0)
            if t == 0 || i0 + 1 >= inputCount {
                weights.append(1)
            } else {
                weights.append(Float(1 - t))
                weights.append(Float(t))
            }
            tapStart.append(weights.count)
        }
        return ResampleAxis(inputCount: inputCount, outputCount: outputCount,
                            first: first, tapStart: tapStart, weights: weights)
    }

    /// Area averaging when shrinking, bilinear when enlarging, a single unit tap when equal.
    static func automatic(from inputCount: Int, to outputCount: Int) -> ResampleAxis {
        outputCount < inputCount
            ? area(from: inputCount, to: outputCount)
            : bilinear(from: inputCount, to: outputCount)
    }
}
