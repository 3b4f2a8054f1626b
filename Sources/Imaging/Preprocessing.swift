/// The one preprocessing the pneumonia model sees, identical in training and inference.
///
/// Steps: resize the grey film (any size, values in any unit) to `inputSize x inputSize`
/// without keeping the aspect ratio, as the dataset images were (area averaging when
/// shrinking, bilinear when enlarging); then standardise per image to mean 0 and standard
/// deviation 1 (`(x - mean) / max(std, epsilon)`). Per-image standardisation makes the model
/// blind to global exposure and gain; an external study found it raised held-out AUC under
/// intensity shift, whereas histogram equalisation lowered it, so we do not equalise.
public struct Preprocessing: Sendable, Equatable, CustomStringConvertible {
    /// Side of the square model input in pixels (> 0).
    public var inputSize: Int
    /// Floor on the standard deviation, in the input's own units, so flat images stay finite.
    public var epsilon: Float

    /// Creates the preprocessing for a square model input of `inputSize` pixels.
    public init(inputSize: Int = 128, epsilon: Float = 1e-3) {
        precondition(inputSize > 0, "inputSize must be positive")
        self.inputSize = inputSize
        self.epsilon = epsilon
    }

    /// Number of floats one preprocessed image occupies (`inputSize * inputSize`).
    public var pixelCount: Int { inputSize * inputSize }

    /// Returns the `inputSize x inputSize` standardised model input for `image`.
    ///
    /// An empty image gives an all-zero input rather than trapping.
    public func apply(_ image: GrayImage) -> GrayImage {
        let pixels = [Float](unsafeUninitializedCapacity: pixelCount) { buffer, count in
            applyInto(image, destination: buffer)
            count = pixelCount
        }
        return GrayImage(width: inputSize, height: inputSize, pixels: pixels)
    }

    /// Writes the model input for `image` (row-major, `inputSize * inputSize` floats) into the
    /// start of `destination`, e.g. one slot of a batch tensor; allocates only the resize's
    /// intermediate rows and its tap tables. About 3 ms for a 3000x2500 film in release.
    public func applyInto(_ image: GrayImage, destination: UnsafeMutableBufferPointer<Float>) {
        precondition(destination.count >= pixelCount, "destination holds fewer than inputSize^2 floats")
        let slot = UnsafeMutableBufferPointer(rebasing: destination[0 ..< pixelCount])
        if image.isEmpty {
            slot.update(repeating: 0)
            return
        }
        if image.width == inputSize && image.height == inputSize {
            _ = slot.initialize(from: image.pixels)
        } else {
            let h = ResampleAxis.automatic(from: image.width, to: inputSize)
            let v = ResampleAxis.automatic(from: image.height, to: inputSize)
            image.resample(horizontal: h, vertical: v, into: slot)
        }
        GrayImage.standardize(slot, epsilon: epsilon)
    }

    /// A one-paragraph statement of this preprocessing for the model card.
    public var description: String {
        "Grey film of any size resized to \(inputSize)x\(inputSize) without keeping the aspect "
            + "ratio (area averaging when shrinking, pixel-centre bilinear when enlarging), then "
            + "standardised per image: (x - mean) / max(std, \(epsilon)). No histogram equalisation, "
            + "no cropping, no flips."
    }
}
