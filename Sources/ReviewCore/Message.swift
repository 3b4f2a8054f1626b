import Imaging
import Feedback
import CellGrid

/// Everything that can change the review state: key presses, a new terminal size, and the
/// results of effects run elsewhere (failures are their own cases).
///
/// Results name films by their path relative to the study (`CaseID.relativePath`).
public enum Message: Sendable, Equatable {
    /// A one-line notice for the reviewer (for example that the log is in a fallback folder).
    case notice(String)
    /// A key was pressed at `at` (the app loop reads the clock, so `update` stays pure).
    case key(Key, at: UTCTimestamp)
    /// The mouse clicked, dragged or scrolled (`AppState+Mouse`); every action stays on a key too.
    case mouse(MouseEvent, at: UTCTimestamp)
    /// The terminal is now `width` x `height` cells.
    case resized(width: Int, height: Int)
    /// The SHA-256 of some films is known: path to lower-case hex (sent in batches so the
    /// worklist is re-sorted once per batch, not once per film).
    case hashed([String: String])
    /// A film could not be read to hash it.
    case hashFailed(path: String, reason: String)
    /// The feedback log was read: every record in log order, plus warnings (torn lines).
    case logLoaded(records: [FeedbackRecord], warnings: [String])
    /// The feedback log could not be read or opened; verdicts cannot be saved.
    case logFailed(reason: String)
    /// The model scored some films: path to probability of pneumonia in 0...1.
    case predicted([String: Double])
    /// The model could not score a film.
    case predictionFailed(path: String, reason: String)
    /// A film was decoded (greys 0...255, possibly at a reduced scale).
    case imageLoaded(path: String, image: GrayImage)
    /// What some films' headers say (DICOM, PNG): path to metadata.
    case described([String: FilmMetadata])
    /// The film at `path` in modality units (DICOM, grey), at the scale of its `imageLoaded`
    /// greys, so header window presets can re-window it.
    case modalityValues(path: String, image: GrayImage)
    /// A film could not be decoded.
    case imageFailed(path: String, reason: String)
    /// A record is on disk (appended and synced); it carries the SHA-256 the writer filled in.
    case verdictSaved(FeedbackRecord)
    /// A record could not be written; the verdict does not stand.
    case verdictFailed(FeedbackRecord, reason: String)
    /// LIME has classified `done` of `total` perturbed samples of the film at `path`.
    case explainProgress(path: String, done: Int, total: Int)
    /// The explanation of the film at `path` is ready.
    case explained(path: String, overlay: LIMEOverlay)
    /// The film at `path` could not be explained.
    case explainFailed(path: String, reason: String)
    /// The model's batch-norm statistics were re-estimated on some of the study's films; the
    /// adapted model is kept with the study and now scoring.
    case studyAdapted(SiteModel)
    /// How far an adaptation from labels has come, in words ("fitting: fold 3 of 5").
    case adaptationProgress(String)
    /// An adaptation from labels finished; nothing switched yet.
    case adaptationFinished(AdaptationReport)
    /// An adaptation, a switch or a revert failed; the model scoring is unchanged.
    case adaptationFailed(String)
    /// The adapted model is kept with the study and now scoring.
    case modelSwitched(SiteModel)
    /// The model given to the review (`modelID`, `threshold`) is scoring again.
    case modelReverted(modelID: String, threshold: Double)
    /// The model could not be adapted to the study; it is unchanged.
    case studyAdaptationFailed(String)
}
