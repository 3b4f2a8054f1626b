import Imaging

/// What the review needs from a model: an identity for the log, an operating threshold, the
/// input size (so films are decoded at the smallest JPEG scale that covers it), and batched
/// probabilities. The review runs it on a background queue, one batch at a time.
protocol FilmClassifier: Sendable {
    /// Identifies the model in the feedback log (for example file name and a short hash).
    var modelID: String { get }
    /// Probability at or above which the film is called pneumonia, in 0...1.
    var threshold: Double { get }
    /// Pixels the model looks at; films are decoded at least this large (aspect kept).
    var inputSize: (width: Int, height: Int) { get }
    /// Probability of pneumonia in 0...1 for each film (greys 0...255, any size), in order.
    func probabilities(of images: [GrayImage]) throws -> [Double]
}

extension FilmClassifier {
    /// Probability of pneumonia in 0...1 for one film.
    func probability(of image: GrayImage) throws -> Double {
        try probabilities(of: [image])[0]
    }
}

/// Loads the model file given with `--model`. The CNN issue's Classifier plugs in here.
enum ModelLoader {
    /// A classifier for the model at `path`, or an error saying why not (one line).
    static func load(path: String) throws -> any FilmClassifier {
        throw ReviewFailure("\(path): this build of lightbox cannot load models yet (the CNN lands with the Classifier module)")
    }
}
