/// One line of the feedback log: who said what about which film's prediction, and when.
///
/// Records are only ever appended; undo is a later `retract` record and a lone note is a
/// `note` record (see `Verdict`). Field order matches `columnNames`.
public struct FeedbackRecord: Sendable, Equatable, Hashable {
    /// When the reviewer recorded it (UTC).
    public var timestamp: UTCTimestamp
    /// Who recorded it (`--reviewer`, default the login name).
    public var reviewer: String
    /// The film: path relative to the study and its SHA-256.
    public var caseID: CaseID
    /// Identifier of the model that made the prediction (for example a file name plus a hash).
    public var modelID: String
    /// The model's calibrated probability of pneumonia, in 0...1; NaN when no model scored the
    /// film (the reviewer worked without a model; written as an empty cell).
    public var probability: Double
    /// The operating threshold the prediction was made at, in 0...1.
    public var threshold: Double
    /// The label the model predicted at that threshold; nil when no model scored the film.
    public var predictedLabel: ClassLabel?
    /// What the reviewer said.
    public var verdict: Verdict
    /// The label the reviewer holds to be true; nil for `retract` and `note`, and allowed to be
    /// nil for `agree` (then it is the predicted label).
    public var reviewerLabel: ClassLabel?
    /// Free text from the reviewer; may be empty and may contain any characters.
    public var note: String

    /// Creates a record; every field is stored as given.
    public init(timestamp: UTCTimestamp, reviewer: String, caseID: CaseID, modelID: String,
                probability: Double, threshold: Double, predictedLabel: ClassLabel?,
                verdict: Verdict, reviewerLabel: ClassLabel? = nil, note: String = "") {
        self.timestamp = timestamp
        self.reviewer = reviewer
        self.caseID = caseID
        self.modelID = modelID
        self.probability = probability
        self.threshold = threshold
        self.predictedLabel = predictedLabel
        self.verdict = verdict
        self.reviewerLabel = reviewerLabel
        self.note = note
    }

    /// The label this record teaches the next training run: the prediction for `agree`, the
    /// reviewer's label for `disagree` (the opposite class when none was given), nil otherwise
    /// (`defer` included, and when there was no prediction and the reviewer named no label).
    public var labelForTraining: ClassLabel? {
        switch verdict {
        case .agree: reviewerLabel ?? predictedLabel
        case .disagree: reviewerLabel ?? predictedLabel?.opposite
        case .deferred, .retract, .note: nil
        }
    }

    /// What the reviewer said in words: `NORMAL`, `PNEUMONIA`, `defer` (a second read is
    /// needed), or nil for `retract` and `note`. Independent of any model, so a verdict
    /// reads the same whichever model is loaded later. Without a model and a label, the
    /// verdict's own name (`agree`, `disagree`).
    public var reviewerStatement: String? {
        switch verdict {
        case .deferred: "defer"
        case .agree, .disagree: labelForTraining?.rawValue ?? verdict.rawValue
        case .retract, .note: nil
        }
    }

    /// Column names of the log, in order; the export adds `label_for_training` after them.
    public static let columnNames = [
        "timestamp", "reviewer", "case_path", "sha256", "model_id", "probability",
        "threshold", "predicted_label", "verdict", "reviewer_label", "note", "sop_instance_uid",
    ]

    /// Columns a log may lack (older logs were written before them).
    public static let optionalColumnNames = ["sop_instance_uid"]

    /// Columns every log's header must name.
    public static var requiredColumnNames: [String] { columnNames.filter { !optionalColumnNames.contains($0) } }
}

extension FeedbackRecord {
    /// Field-wise equality in which two NaN probabilities (no model) are equal, so a record
    /// without a prediction still equals itself.
    public static func == (a: FeedbackRecord, b: FeedbackRecord) -> Bool {
        a.timestamp == b.timestamp && a.reviewer == b.reviewer && a.caseID == b.caseID
            && a.modelID == b.modelID && sameNumber(a.probability, b.probability)
            && sameNumber(a.threshold, b.threshold) && a.predictedLabel == b.predictedLabel
            && a.verdict == b.verdict && a.reviewerLabel == b.reviewerLabel && a.note == b.note
    }

    /// Hashes every field, NaN probabilities alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(timestamp)
        hasher.combine(reviewer)
        hasher.combine(caseID)
        hasher.combine(modelID)
        hasher.combine(probability.isNaN ? Double.infinity : probability)
        hasher.combine(threshold.isNaN ? Double.infinity : threshold)
        hasher.combine(predictedLabel)
        hasher.combine(verdict)
        hasher.combine(reviewerLabel)
        hasher.combine(note)
    }

    private static func sameNumber(_ a: Double, _ b: Double) -> Bool {
        a == b || (a.isNaN && b.isNaN)
    }
}
