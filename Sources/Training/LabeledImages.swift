import Imaging

/// Films resized to the model's input size (not yet standardised), with labels and patients.
///
/// Kept in memory as one flat array: 5,216 films at 128x128 take 340 MB as Float.
public struct LabeledImages: Sendable {
    /// Side of each square image in pixels.
    public let size: Int
    /// (count, size*size) pixels, row-major, in the decoder's 0...255 units.
    public private(set) var pixels: [Float]
    /// 1 for PNEUMONIA, 0 for NORMAL.
    public private(set) var labels: [Int]
    /// Patient identifier of each film (see `PatientID`).
    public private(set) var patients: [String]
    /// Path of each film relative to its data folder, for reports and the training-list hash.
    public private(set) var paths: [String]

    public init(size: Int) {
        self.size = size
        pixels = []; labels = []; patients = []; paths = []
    }

    /// Number of films.
    public var count: Int { labels.count }

    /// Appends one film, resizing it to `size x size` (aspect not kept, as the dataset's own films).
    public mutating func append(_ image: GrayImage, label: Int, patient: String, path: String) {
        let resized = image.width == size && image.height == size ? image : image.resized(width: size, height: size)
        pixels.append(contentsOf: resized.pixels)
        labels.append(label)
        patients.append(patient)
        paths.append(path)
    }

    /// Appends every film of `other` (same size).
    public mutating func append(contentsOf other: LabeledImages) {
        precondition(other.size == size, "appending films of another size")
        pixels.append(contentsOf: other.pixels)
        labels.append(contentsOf: other.labels)
        patients.append(contentsOf: other.patients)
        paths.append(contentsOf: other.paths)
    }

    /// The film at `index` as an image.
    public func image(at index: Int) -> GrayImage {
        let per = size * size
        return GrayImage(width: size, height: size, pixels: Array(pixels[(index * per)..<((index + 1) * per)]))
    }

    /// A new set holding the films at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledImages {
        var out = LabeledImages(size: size)
        let per = size * size
        out.pixels.reserveCapacity(indices.count * per)
        for i in indices {
            out.pixels.append(contentsOf: pixels[(i * per)..<((i + 1) * per)])
            out.labels.append(labels[i]); out.patients.append(patients[i]); out.paths.append(paths[i])
        }
        return out
    }

    /// Model inputs for every film: standardised as `Preprocessing` does, no augmentation.
    public func preprocessedInputs(_ preprocessing: Preprocessing) -> [Float] {
        precondition(preprocessing.inputSize == size, "preprocessing size differs from the stored size")
        var out = pixels
        let per = size * size
        out.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count {
                GrayImage.standardize(UnsafeMutableBufferPointer(rebasing: buffer[(i * per)..<((i + 1) * per)]),
                                      epsilon: preprocessing.epsilon)
            }
        }
        return out
    }
}
