import Workflows
import Classifier
import Foundation
import Imaging
import ReviewCore
import Storage

/// Label-free study adaptation on the model queue: after any batch queued before it and
/// before any queued after it, so every score that arrives after `.studyAdapted` is the
/// adapted model's.
extension EffectRunner {
    /// Re-estimates the batch-norm statistics of the model given to the review on up to
    /// `PneumoniaModel.batchNormAdaptationLimit` of the study's films, evenly spaced in scan
    /// order, records it in the card as `lightbox adapt --unlabelled` does (same id scheme),
    /// keeps it with the study, and scores and explains with it from now on.
    public func adaptToStudy(_ cases: [StudyCase]) {
        guard let keeper, let classifier else {
            inbox.post(.studyAdaptationFailed(classifier == nil ? "no model" : "this model cannot be adapted to a study"))
            return
        }
        let n = min(cases.count, PneumoniaModel.batchNormAdaptationLimit)
        var images: [GrayImage] = []
        for i in 0..<n {
            let studyCase = cases[i * cases.count / n]
            guard let image = try? ImageFile.loadFilm(path: studyCase.absolutePath, fittingAtLeast: classifier.inputSize).image
            else { continue }   // unreadable films are reported by hashing and scoring
            images.append(image)
        }
        guard images.count >= 2 else {
            inbox.post(.studyAdaptationFailed("need at least 2 readable films, have \(images.count)"))
            return
        }
        let model = keeper.base.copy()
        let before = model.probabilities(images: images)
        let used = model.adaptBatchNormalisation(to: images)
        let after = model.probabilities(images: images)
        func share(_ p: [Double]) -> Double { Double(p.filter({ model.predictedLabel($0) == .pneumonia }).count) / Double(p.count) }
        model.recordUnlabelledAdaptation(site: keeper.site, films: images.count, used: used, fromModel: keeper.base.id,
                                         date: ISO8601DateFormatter().string(from: Date()),
                                         shareBefore: share(before), shareAfter: share(after))
        do {
            let site = try keepAndUse(model)
            inbox.post(.studyAdapted(site))
        } catch {
            inbox.post(.studyAdaptationFailed(String(describing: error)))
        }
    }

    /// Saves `model` with the study as its active model, then scores and explains with it.
    func keepAndUse(_ model: PneumoniaModel) throws -> SiteModel {
        guard let keeper, let classifier, let site = SiteModelKeeper.siteModel(of: model) else {
            throw CommandFailure("no model to keep")
        }
        try keeper.store.save(model.safetensorsBytes(), id: model.id)
        try keeper.store.activate(model.id)
        try classifier.use(model)
        explainer?.replaceModel(model.copy())
        return site
    }
}
