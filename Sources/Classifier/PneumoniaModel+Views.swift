import Dispatch
import Imaging
import NeuralNet

/// Test-time views as separate steps, so a caller can prepare the inputs of one batch of films
/// while the network scores the previous one (`lightbox predict`'s pipeline).
extension PneumoniaModel {
    /// Writes the model inputs of `images` under `view` into `destination` (images.count * S*S
    /// floats), films split over all cores.
    public func preprocess(_ images: [GrayImage], view: AffineTransform, into destination: UnsafeMutableBufferPointer<Float>) {
        let per = preprocessing.pixelCount
        precondition(destination.count >= images.count * per, "preprocess: destination too small")
        guard !images.isEmpty else { return }
        // Films are independent and each writes its own slot, so chunks of them run on all cores.
        nonisolated(unsafe) let base = destination.baseAddress!
        let chunks = min(images.count, Parallel.workers)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (images.count * c / chunks)..<(images.count * (c + 1) / chunks) {
                let slot = UnsafeMutableBufferPointer(start: base + i * per, count: per)
                if view.isIdentity {
                    preprocessing.applyInto(images[i], destination: slot)
                } else {
                    // Warp before standardising, as training augmentation does.
                    let size = preprocessing.inputSize
                    let warped = images[i].resized(width: size, height: size).warpAffine(view)
                    preprocessing.applyInto(warped, destination: slot)
                }
            }
        }
    }

    /// The inputs of every view of `images`, view-major: (views, n, S*S).
    public func viewInputs(_ images: [GrayImage]) -> [Float] {
        let block = images.count * preprocessing.pixelCount
        var inputs = [Float](repeating: 0, count: views.count * block)
        inputs.withUnsafeMutableBufferPointer { all in
            for (v, view) in views.enumerated() {
                preprocess(images, view: view, into: UnsafeMutableBufferPointer(rebasing: all[(v * block)..<((v + 1) * block)]))
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
}
