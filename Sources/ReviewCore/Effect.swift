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
    /// Re-estimate the model's batch-norm statistics on the study's films (no labels), then
    /// score with the adapted model; answering `.studyAdapted` or `.studyAdaptationFailed`.
    case adaptModelToStudy
    /// Leave the review.
    case quit
}
