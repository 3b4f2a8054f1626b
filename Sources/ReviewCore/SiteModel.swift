import Feedback
/// A model adapted to the open study and kept with it (`STUDY/.lightbox/models/`): what the
/// header says of it, and what going back needs.
public struct SiteModel: Sendable, Equatable {
    /// How the model was adapted.
    public enum Method: Sendable, Equatable {
        /// From the reviewers' labels: NORMAL and PNEUMONIA films.
        case labels(normal: Int, pneumonia: Int)
        /// Without labels: batch-norm statistics re-estimated on `films` films (AdaBN).
        case labelFree(films: Int)
    }

    /// The adapted model's id (what later verdicts carry).
    public var modelID: String
    /// The model it was adapted from (what `R` goes back to).
    public var baseModelID: String
    /// The adapted model's operating threshold.
    public var threshold: Double
    /// How it was adapted.
    public var method: Method
    /// The day it was adapted, `YYYY-MM-DD` (UTC).
    public var date: String

    /// Creates a description of an adapted model.
    public init(modelID: String, baseModelID: String, threshold: Double, method: Method, date: String) {
        self.modelID = modelID
        self.baseModelID = baseModelID
        self.threshold = threshold
        self.method = method
        self.date = date
    }

    /// "adapted to this study from 63 labels, 2026-12-06", or "… without labels (40 films), …".
    public var summary: String { summary(to: "this study") }

    /// The summary naming where it was adapted: "adapted to `place` from 63 labels, 2026-12-06".
    public func summary(to place: String) -> String {
        switch method {
        case .labels(let normal, let pneumonia): "adapted to \(place) from \(normal + pneumonia) labels, \(date)"
        case .labelFree(let films): "adapted to \(place) without labels (\(films) films), \(date)"
        }
    }

    /// The header's short form: "adapted: 63 labels" or "adapted: no labels".
    public var shortSummary: String {
        switch method {
        case .labels(let normal, let pneumonia): "adapted: \(normal + pneumonia) labels"
        case .labelFree: "adapted: no labels"
        }
    }
}

/// What the review knows of the model given to it (the bundled one, or `--model`), from its
/// card: how it fared at a site it was not trained on, for the opening notice.
public struct BaseModelFacts: Sendable, Equatable {
    /// Specificity at the card's new-site evaluation, nil when the card has none.
    public var newSiteSpecificity: Double?
    /// Films in that evaluation (0 when unknown).
    public var newSiteFilms: Int

    /// When the given model was itself adapted to a site (`lightbox adapt`, then `--model`):
    /// "adapted to site ward-7 from 63 labels, 2026-12-06"; nil for a model as trained.
    public var adaptedElsewhere: String?

    /// Creates the facts.
    public init(newSiteSpecificity: Double?, newSiteFilms: Int = 0, adaptedElsewhere: String? = nil) {
        self.newSiteSpecificity = newSiteSpecificity
        self.newSiteFilms = newSiteFilms
        self.adaptedElsewhere = adaptedElsewhere
    }
}

/// Before and after figures of one adaptation from labels, cross-validated on the same folds,
/// and whether the adapted model is better: what the review shows before asking to switch.
public struct AdaptationReport: Sendable, Equatable {
    /// Figures of one model on the labelled films.
    public struct Figures: Sendable, Equatable {
        /// Fractions in 0...1; `logLoss` in nats per film.
        public var accuracy: Double, sensitivity: Double, specificity: Double, auc: Double, logLoss: Double

        /// Creates figures.
        public init(accuracy: Double, sensitivity: Double, specificity: Double, auc: Double, logLoss: Double) {
            self.accuracy = accuracy
            self.sensitivity = sensitivity
            self.specificity = specificity
            self.auc = auc
            self.logLoss = logLoss
        }

        /// "acc 0.85 sens 1.00 spec 0.70 AUC 0.966".
        public var text: String {
            "acc \(fixed(accuracy, 2)) sens \(fixed(sensitivity, 2)) spec \(fixed(specificity, 2)) AUC \(fixed(auc, 3))"
        }
    }

    /// The candidate model's id (not yet scoring).
    public var modelID: String
    /// Labelled films used, by class.
    public var normal: Int, pneumonia: Int
    /// The model given to the review (on all the films), and the adapted one (cross-validated).
    public var before: Figures, after: Figures
    /// True when the adapted model is better on the cross-validation; only then is switching offered.
    public var isBetter: Bool
    /// How it was adapted, in words (from the card).
    public var method: String

    /// Creates a report.
    public init(modelID: String, normal: Int, pneumonia: Int, before: Figures, after: Figures,
                isBetter: Bool, method: String) {
        self.modelID = modelID
        self.normal = normal
        self.pneumonia = pneumonia
        self.before = before
        self.after = after
        self.isBetter = isBetter
        self.method = method
    }
}

/// A film and the label the reviewer's standing verdict gives it, for adapting the model.
public struct LabelledFilm: Sendable, Equatable {
    /// The film (with its SHA-256 when hashed: the runner uses only the bytes that were judged).
    public var caseID: CaseID
    /// The label for training.
    public var label: ClassLabel

    /// Creates a labelled film.
    public init(caseID: CaseID, label: ClassLabel) {
        self.caseID = caseID
        self.label = label
    }
}

/// `value` with `digits` decimals, without Foundation's formatter.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "-" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((abs(value) * scale).rounded())
    let whole = scaled / Int(scale), fraction = scaled % Int(scale)
    var tail = String(fraction)
    while tail.count < digits { tail = "0" + tail }
    return (value < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + tail : "")
}
