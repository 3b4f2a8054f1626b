import Workflows
import Classifier
import Foundation
import Imaging
import ReviewCore
import Storage
import Training

/// Adapting with the reviewer's labels, switching to the adapted model and going back, for
/// the review (`M`, `y`, `R`). The adaptation is `lightbox adapt --feedback`'s own
/// (`SiteAdapter.adapt`), run on the model given to the review.
extension EffectRunner {
    /// Folds of the cross-validation, as `lightbox adapt` defaults to.
    public static let adaptationFolds = 5

    /// Loads the labelled films (only bytes that still match the judged SHA-256), adapts a copy
    /// of the model given to the review with them, and posts the before/after report; the
    /// adapted model waits in the keeper for `.switchModel`.
    func adaptWithLabels(_ films: [LabelledFilm]) {
        guard let keeper else {
            inbox.post(.adaptationFailed("this model cannot be adapted"))
            return
        }
        let size = keeper.base.preprocessing.inputSize
        var site = SiteFilms()
        var changed = 0
        for (i, film) in films.enumerated() {
            if isStopping { return }
            if i % 8 == 0 { inbox.post(.adaptationProgress("loading films \(i)/\(films.count)")) }
            guard let studyCase = casesByPath[film.caseID.relativePath],
                  let bytes = try? ImageFile.readBytes(path: studyCase.absolutePath) else { changed += 1; continue }
            if let judged = film.caseID.sha256, SHA256.hexDigest(bytes) != judged { changed += 1; continue }
            guard let decoded = try? FilmCodec.decode(bytes, name: studyCase.absolutePath, fittingAtLeast: (size, size)) else {
                changed += 1
                continue
            }
            site.images.append(decoded.image)
            site.labels.append(film.label == .pneumonia ? 1 : 0)
            site.patients.append(PatientID.from(fileName: (film.caseID.relativePath as NSString).lastPathComponent))
            site.paths.append(film.caseID.relativePath)
        }
        let adapter = SiteAdapter(out: "", labelled: nil, unlabelled: nil, feedback: nil, study: nil, site: keeper.site,
                                  folds: Self.adaptationFolds, seed: 1, fineTune: nil, mix: nil,
                                  fineTuneEpochs: FineTuning.Recipe().epochs, fineTuneLr: FineTuning.Recipe().learningRate,
                                  json: false)
        inbox.post(.adaptationProgress("cross-validating \(site.labels.count) films by patient"
                                       + (changed > 0 ? " (\(changed) changed or unreadable, left out)" : "")))
        do {
            let adapted = try adapter.adapt(model: keeper.base.copy(), films: site,
                                            date: ISO8601DateFormatter().string(from: Date()), note: { _ in },
                                            progress: { [inbox] done, total in
                                                inbox.post(.adaptationProgress("fine-tuning \(done)/\(total)"))
                                            })
            keeper.candidate.withLock { $0 = adapted.model }
            inbox.post(.adaptationFinished(SiteModelKeeper.report(adapted)))
        } catch {
            inbox.post(.adaptationFailed(visible(String(describing: error))))
        }
    }

    /// Keeps the candidate `id` with the study and scores with it from now on.
    func switchModel(to id: String) {
        guard let model = keeper?.candidate.withLock({ $0 }), model.id == id else {
            inbox.post(.adaptationFailed("the adapted model \(id) is no longer at hand; adapt again"))
            return
        }
        do {
            let site = try keepAndUse(model.copy())
            inbox.post(.modelSwitched(site))
        } catch {
            inbox.post(.adaptationFailed(visible(String(describing: error))))
        }
    }

    /// Scores with the model given to the review again, and records with the study that it is
    /// the one to use (the adapted model's file stays).
    func revertModel() {
        guard let keeper, let classifier else {
            inbox.post(.adaptationFailed("no model"))
            return
        }
        do {
            try keeper.store.activate(nil)
            let model = keeper.base.copy()
            try classifier.use(model)
            explainer?.replaceModel(model.copy())
            inbox.post(.modelReverted(modelID: model.id, threshold: model.threshold))
        } catch {
            inbox.post(.adaptationFailed(visible(String(describing: error))))
        }
    }
}
