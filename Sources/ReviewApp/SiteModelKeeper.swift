import Workflows
import Classifier
import Foundation
import ReviewCore
import Storage
import Synchronization
import Training

/// The review's side of adapting the model to the open study: the model given to the review
/// (every adaptation starts from it, and `R` goes back to it), the study's kept models
/// (`StudyModelStore`), and the candidate from the last adaptation with labels, waiting for `y`.
public final class SiteModelKeeper: Sendable {
    /// The model given to the review, never scored with itself (copies are).
    public let base: PneumoniaModel
    /// Where adapted models are kept.
    public let store: StudyModelStore
    /// The site's name in the card: the study folder's name, as `lightbox adapt` defaults to.
    public let site: String
    /// The adapted model waiting for `y`.
    let candidate = Mutex<PneumoniaModel?>(nil)

    /// A keeper for the study at `studyRoot`, adapting `base`.
    public init(base: PneumoniaModel, studyRoot: String) {
        self.base = base
        store = StudyModelStore(studyRoot: studyRoot)
        site = (studyRoot as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? "study"
    }

    /// What the study keeps as its model.
    public enum Kept {
        /// No adapted model is active: the model given to the review is used.
        case none
        /// An adapted model of the given one, to score with.
        case model(PneumoniaModel, SiteModel)
        /// An adapted model is active but cannot be used (unreadable, a link, another base model).
        case unused(String)
    }

    /// The kept model, when the study has an active one adapted from `base`.
    public func kept() -> Kept {
        let found: (fileName: String, bytes: [UInt8])?
        do { found = try store.active() } catch { return .unused("the study's adapted model is not used: \(error.description)") }
        guard let found else { return .none }
        let model: PneumoniaModel
        do { model = try PneumoniaModel(safetensors: found.bytes) } catch {
            return .unused(visible("the study's adapted model \(found.fileName) is not used: \(error.description)"))
        }
        guard let site = Self.siteModel(of: model), site.baseModelID == base.id else {
            return .unused(visible("the study's adapted model \(model.id) was not adapted from \(base.id); it is not used"))
        }
        return .model(model, site)
    }

    /// How a review of a study starts with a model: what scores, and what the screen says.
    public struct Opening {
        /// Adapts and reverts; nil without a model.
        public var keeper: SiteModelKeeper?
        /// The model to score with: the study's kept adapted model, or a copy of the given one.
        public var model: PneumoniaModel?
        /// The kept model in use, if any.
        public var siteModel: SiteModel?
        /// What the given model's card says of it at a new site.
        public var facts: BaseModelFacts?
        /// Why a kept model is not used, when one is there but cannot be.
        public var problem: String?
    }

    /// The opening for a review of the study at `studyRoot` with the `given` model (the
    /// bundled one or `--model`): the study's kept model when it was adapted from `given`.
    public static func open(given: PneumoniaModel?, studyRoot: String) -> Opening {
        guard let given else { return Opening() }
        let keeper = SiteModelKeeper(base: given, studyRoot: studyRoot)
        var opening = Opening(keeper: keeper, model: given.copy(), facts: facts(of: given))
        switch keeper.kept() {
        case .model(let kept, let site): (opening.model, opening.siteModel) = (kept, site)
        case .unused(let reason): opening.problem = reason
        case .none: break
        }
        return opening
    }

    /// What the card of an adapted model says of its last adaptation, or nil when it has none.
    public static func siteModel(of model: PneumoniaModel) -> SiteModel? {
        guard let entry = lastAdaptation(of: model), let from = entry["from_model"] as? String else { return nil }
        let films = entry["films"] as? Int ?? 0
        let date = String((entry["date"] as? String ?? "").prefix(10))
        let method: SiteModel.Method
        if entry["labels"] as? String == "none" {
            method = .labelFree(films: Int((entry["method"] as? String).flatMap(usedFilms) ?? films))
        } else {
            let pneumonia = entry["pneumonia"] as? Int ?? 0
            method = .labels(normal: films - pneumonia, pneumonia: pneumonia)
        }
        return SiteModel(modelID: model.id, baseModelID: from, threshold: model.threshold, method: method, date: date)
    }

    /// The N of "re-estimated on N unlabelled films".
    private static func usedFilms(_ method: String) -> Int? {
        guard let range = method.range(of: "re-estimated on ") else { return nil }
        return Int(method[range.upperBound...].prefix { $0.isNumber })
    }

    /// What `base`'s card says of it at a site it was not trained on (`site_eval_metrics`), and
    /// whether it was itself adapted to a site (`adaptation`, the last line).
    public static func facts(of model: PneumoniaModel) -> BaseModelFacts {
        var facts = BaseModelFacts(newSiteSpecificity: nil)
        if let text = model.card["site_eval_metrics"],
           let metrics = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            facts.newSiteSpecificity = (metrics["specificity"] as? NSNumber)?.doubleValue
            facts.newSiteFilms = metrics["n"] as? Int ?? 0
        }
        if let adapted = siteModel(of: model) {
            // Card text is the file author's: shown escaped.
            facts.adaptedElsewhere = visible(adapted.summary(to: "site " + (lastAdaptation(of: model)?["site"] as? String ?? "?")))
        }
        return facts
    }

    /// The card's last adaptation entry, as JSON.
    private static func lastAdaptation(of model: PneumoniaModel) -> [String: Any]? {
        guard let line = model.card["adaptation"]?.split(separator: "\n").last else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    /// The review's report of an adaptation: the figures before and after, and whether it is
    /// better, as `adapt`'s never-worse gate judged it (`AdaptationGate`: a log-loss gain clear
    /// of noise, accuracy no lower, AUC within its tolerance).
    public static func report(_ adapted: SiteAdapter.LabelledAdaptation) -> AdaptationReport {
        func figures(_ m: BinaryMetrics, _ logLoss: Double) -> AdaptationReport.Figures {
            .init(accuracy: m.accuracy, sensitivity: m.sensitivity, specificity: m.specificity, auc: m.auc, logLoss: logLoss)
        }
        // `adapt`'s never-worse gate: applied only when better (the review never forces).
        let better = adapted.applied
        return AdaptationReport(modelID: adapted.model.id, normal: adapted.films - adapted.pneumonia,
                                pneumonia: adapted.pneumonia, before: figures(adapted.before, adapted.beforeLogLoss),
                                after: figures(adapted.after, adapted.afterLogLoss), isBetter: better,
                                method: adapted.method)
    }
}
