import Feedback
/// What the review screen knows about one film of the study.
public struct ReviewCase: Sendable, Equatable {
    /// The film's path in the study and, once hashed, its SHA-256.
    public var id: CaseID
    /// The model's probability of pneumonia in 0...1; nil until scored (or without a model).
    public var probability: Double?
    /// Why the model could not score the film, if it failed.
    public var predictionFailure: String?
    /// Why the film could not be read or decoded, if it failed.
    public var loadFailure: String?
    /// True while a classify effect for this film is outstanding.
    public var classifying: Bool = false
    /// The LIME explanation of the model's score: asked for, running, ready or failed; nil
    /// when never asked for (the model is fixed until an adaptation, which drops these).
    public var explanation: ExplanationStatus?
    /// True once `.explain` was sent for this film (not only a prefetch), so it is sent once.
    var explanationAsked = false
    /// Which patient the film belongs to (the "most informative" order spreads over
    /// patients); by default its path, so each film is its own patient.
    public var patient: String
    /// What the film's header says (nil until decoded, or for JPEG).
    public var metadata: FilmMetadata?

    /// Creates a case for the film at `relativePath`, not yet hashed or scored.
    public init(relativePath: String) {
        self.id = CaseID(relativePath: relativePath)
        self.patient = relativePath
    }

    /// The file name without its folders, as the worklist shows it.
    public var fileName: String {
        id.relativePath.split(separator: "/").last.map(String.init) ?? id.relativePath
    }
}
