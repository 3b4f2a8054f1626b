import Feedback
/// A side effect `update` asks for, as a comparable value; the app loop runs it off the UI
/// thread and answers with `Message`s.
public enum Effect: Equatable, Sendable {
    /// Decode the film at a scale at least `minWidth` x `minHeight` pixels (or full size),
    /// answering `.imageLoaded` or `.imageFailed`.
    case loadImage(CaseID, minWidth: Int, minHeight: Int)
    /// Decode a film into the cache ahead of need; no answer.
    case prefetchImage(CaseID, minWidth: Int, minHeight: Int)
    /// Score these films with the model, answering `.predicted` or `.predictionFailed` for each.
    case classify([CaseID])
    /// Explain the model's score of this film with LIME (the current film: ahead of any
    /// prefetch), answering `.explainProgress`, then `.explained` or `.explainFailed`.
    case explain(CaseID)
    /// Explain a film ahead of need, after any `.explain`; answers as `.explain` does.
    case prefetchExplanation(CaseID)
    /// Append the record to the feedback log with fsync (filling a missing SHA-256 first),
    /// answering `.verdictSaved` or `.verdictFailed`.
    case appendVerdict(FeedbackRecord)
    /// Re-estimate the model's batch-norm statistics on the study's films (no labels), keep
    /// the adapted model with the study, then score with it; answering `.studyAdapted` or
    /// `.studyAdaptationFailed`.
    case adaptModelToStudy
    /// Adapt the model given to the review (never an adapted one) with these labelled films,
    /// cross-validated, without switching to it; answering `.adaptationProgress`, then
    /// `.adaptationFinished` or `.adaptationFailed`.
    case adaptWithLabels([LabelledFilm])
    /// Keep the candidate `modelID` (from `.adaptationFinished`) with the study as its model
    /// and score with it from now on; answering `.modelSwitched` or `.adaptationFailed`.
    case switchModel(to: String)
    /// Score with the model given to the review again, and record with the study that it is
    /// the one to use; answering `.modelReverted` or `.adaptationFailed`.
    case revertModel
    /// Leave the review.
    case quit
}
