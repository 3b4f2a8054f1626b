import Imaging
import NeuralNet
import Numerics

extension PneumoniaModel {
    /// Films used at most when re-estimating batch-norm statistics: the statistics of 512
    /// films are stable to well under 1 % and the pass needs about 4.5 MB per 128x128 film.
    public static let batchNormAdaptationLimit = 512

    /// Label-free adaptation to a study or site: re-estimates every batch-norm layer's running
    /// statistics on `images` (the untransformed view, as preprocessed for the model). When
    /// there are more than `batchNormAdaptationLimit` films, an evenly spaced subset is used.
    /// Returns the number of films used. Weights, calibration and threshold are unchanged.
    @discardableResult
    public func adaptBatchNormalisation(to images: [GrayImage]) -> Int {
        precondition(images.count >= 2, "adapting batch-norm statistics needs at least 2 films")
        let n = min(images.count, Self.batchNormAdaptationLimit)
        let chosen = (0..<n).map { images[$0 * images.count / n] }
        let per = preprocessing.pixelCount
        var inputs = [Float](repeating: 0, count: n * per)
        inputs.withUnsafeMutableBufferPointer { buffer in
            for (i, image) in chosen.enumerated() {
                preprocessing.applyInto(image, destination: UnsafeMutableBufferPointer(rebasing: buffer[(i * per)..<((i + 1) * per)]))
            }
        }
        var rng = SplitMix64(seed: 0)
        network.reestimateBatchNormStatistics(Tensor(shape: [n, 1, preprocessing.inputSize, preprocessing.inputSize], storage: inputs), rng: &rng)
        return n
    }
}
