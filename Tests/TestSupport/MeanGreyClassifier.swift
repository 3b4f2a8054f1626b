import Imaging
import ReviewApp

/// A stand-in model for the plumbing: the film's mean grey over 255.
public struct MeanGreyClassifier: FilmClassifier {
    public init() {}
    public let modelID = "mean-grey"
    public let threshold = 0.5
    public let inputSize = (width: 32, height: 32)
    public func probabilities(of images: [GrayImage]) throws -> [Double] {
        images.map { image in Double(image.pixels.reduce(0, +)) / Double(image.pixels.count) / 255 }
    }
}
