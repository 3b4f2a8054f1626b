import Dispatch
import Imaging
import NeuralNet

/// The one scoring path, in two steps, so a caller can prepare the inputs of one batch of films
/// while the network scores the previous one (`lightbox predict`'s pipeline); `logits(images:)`
/// and `probabilities(images:)` run both steps.
extension PneumoniaModel {
    /// The inputs of every view of `images`, view-major: (views, n, S*S). Each film is resized
    /// to S x S once; every view warps that copy, before standardising, as training augmentation
    /// does. Films are split over all cores.
    public func viewInputs(_ images: [GrayImage]) -> [Float] {
        let (n, per, size) = (images.count, preprocessing.pixelCount, preprocessing.inputSize)
        let block = n * per
        var inputs = [Float](repeating: 0, count: views.count * block)
        guard n > 0 else { return inputs }
        inputs.withUnsafeMutableBufferPointer { all in
            // Films are independent and each writes its own slots, so chunks of them run on all cores.
            nonisolated(unsafe) let base = all.baseAddress!
            let chunks = min(n, Parallel.workers)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
                    let resized = images[i].resized(width: size, height: size)
                    for (v, view) in views.enumerated() {
                        let slot = UnsafeMutableBufferPointer(start: base + v * block + i * per, count: per)
                        preprocessing.applyInto(view.isIdentity ? resized : resized.warpAffine(view), destination: slot)
                    }
                }
            }
        }
        return inputs
    }

    /// Logits of `films` films from their `viewInputs`, averaged over the views in view order:
    /// `logits(images:)`'s numbers up to float rounding (the fused plan's output for an image does
    /// not depend on the batch around it).
    public func logits(viewInputs: [Float], films n: Int) -> [Double] {
        guard n > 0 else { return [] }
        let z = logits(preprocessed: viewInputs, count: views.count * n)
        var sum = [Double](repeating: 0, count: n)
        for v in 0..<views.count { for i in 0..<n { sum[i] += z[v * n + i] } }
        return sum.map { $0 / Double(views.count) }
    }

    /// Calibrated P(PNEUMONIA) of `films` films from their `viewInputs`.
    public func probabilities(viewInputs: [Float], films n: Int) -> [Double] {
        logits(viewInputs: viewInputs, films: n).map { calibration.probability(logit: $0) }
    }
}
