import Dispatch
import Imaging
import ReviewCore
import Feedback
import Storage
import Synchronization

/// Runs the review's effects off the UI thread and posts the results to the inbox.
///
/// One serial queue each for decoding films, the model and the log, so a long model batch
/// never delays a film or a verdict, and log records keep their order.
public final class EffectRunner: Sendable {
    let casesByPath: [String: StudyCase]
    /// The study's films in scan order.
    private let studyCases: [StudyCase]
    let inbox: Inbox
    let classifier: (any FilmClassifier)?
    /// The feedback store, once `openStore` has opened it.
    private let store: Mutex<(any FeedbackStore)?> = Mutex(nil)
    private let hashes: HashCache
    private let cache = FilmCache()
    private let latestLoad = Atomic<Int>(0)
    let imageQueue = DispatchQueue(label: "lightbox.review.images", qos: .userInitiated)
    let modelQueue = DispatchQueue(label: "lightbox.review.model", qos: .utility)
    /// Adapting with labels (cross-validation, possibly fine-tuning) runs here, beside scoring.
    let adaptQueue = DispatchQueue(label: "lightbox.review.adapt", qos: .utility)
    /// The model given to the review and the study's kept models, for adapting; nil without a CNN.
    let keeper: SiteModelKeeper?
    /// Set by `stopWorkers`: queued decoding, scoring and explaining then return at once.
    let stopping = Atomic<Bool>(false)
    /// Digests of the bytes each film was last decoded from, by relative path (see `bind`).
    let seenDigests = Mutex<[String: SeenDigests]>([:])
    /// The background hashing run, cancelled by `stopWorkers`.
    let hashJob = Mutex<HashCache.Job?>(nil)
    private let logQueue = DispatchQueue(label: "lightbox.review.log", qos: .userInitiated)
    let explainer: (any FilmExplainer)?
    /// Films waiting for an explanation, the most urgent first (the explain queue takes one per job).
    let explainWanted = Mutex<[CaseID]>([])
    /// Finished overlays by "model id|SHA-256 or path".
    let overlays = Mutex<[String: LIMEOverlay]>([:])
    let explainQueue = DispatchQueue(label: "lightbox.review.explain", qos: .utility)

    /// Films are decoded this many times larger per side than the screen asks for (which is
    /// two pixels per cell across, four down): more when the film is shown as a terminal image.
    private let decodeScale: (width: Int, height: Int)

    public init(cases: [StudyCase], inbox: Inbox, classifier: (any FilmClassifier)?, hashes: HashCache,
         explainer: (any FilmExplainer)? = nil, decodeScale: (width: Int, height: Int) = (1, 1),
         keeper: SiteModelKeeper? = nil) {
        self.keeper = keeper
        self.explainer = explainer
        self.decodeScale = decodeScale
        var byPath: [String: StudyCase] = [:]
        for c in cases { byPath[c.relativePath] = c }
        self.casesByPath = byPath
        self.studyCases = cases
        self.inbox = inbox
        self.classifier = classifier
        self.hashes = hashes
    }

    /// Reads the feedback store, then opens it for recording, on the log queue.
    ///
    /// Reading comes first and needs no fsync, so standing verdicts show at once even when
    /// the disk is slow to sync a new log file; verdicts queue behind the open.
    public func openStore(_ feedback: any FeedbackStore) {
        logQueue.async { [self] in
            do {
                let contents = try feedback.readAll()
                inbox.post(.logLoaded(records: contents.records, warnings: contents.warnings))
                try feedback.open()
                store.withLock { $0 = feedback }
            } catch {
                inbox.post(.logFailed(reason: String(describing: error)))
            }
        }
    }

    /// Hashes every film in the background, posting digests in batches.
    public func hashAll(_ cases: [StudyCase]) {
        let batch = Mutex<[String: String]>([:])
        let job = hashes.computeAll(cases) { [inbox] progress in
            var failure: String?
            switch progress.result {
            case .success(let digest): batch.withLock { $0[progress.studyCase.relativePath] = digest }
            case .failure(let error): failure = error.reason.description
            }
            if let failure { inbox.post(.hashFailed(path: progress.studyCase.relativePath, reason: failure)) }
            let done = progress.completed == progress.total
            let ready: [String: String]? = batch.withLock { pending in
                guard pending.count >= 256 || done, !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return pending
            }
            if let ready { inbox.post(.hashed(ready)) }
        }
        hashJob.withLock { $0 = job }
    }

    /// A decode size times `decodeScale`, each side at most `AppState.maximumDecodeSide`.
    private func scaled(_ width: Int, _ height: Int) -> (Int, Int) {
        (min(AppState.maximumDecodeSide, width * decodeScale.width), min(AppState.maximumDecodeSide, height * decodeScale.height))
    }

    /// Runs one effect (never blocks the caller, except `.quit`, which is the loop's).
    public func run(_ effect: Effect) {
        switch effect {
        case .loadImage(let id, let asked, let askedHeight):
            let (width, height) = scaled(asked, askedHeight)
            let ticket = latestLoad.add(1, ordering: .sequentiallyConsistent).newValue
            if let image = cache.image(path: id.relativePath, width: width, height: height) {
                postFilm(id.relativePath, image: image)
                return
            }
            imageQueue.async { [self] in
                // A newer film was asked for while this one waited: skip it.
                guard latestLoad.load(ordering: .sequentiallyConsistent) == ticket else { return }
                decode(id.relativePath, width: width, height: height, post: true)
            }
        case .prefetchImage(let id, let asked, let askedHeight):
            let (width, height) = scaled(asked, askedHeight)
            let ticket = latestLoad.load(ordering: .sequentiallyConsistent)
            imageQueue.async { [self] in
                guard latestLoad.load(ordering: .sequentiallyConsistent) == ticket,
                      cache.image(path: id.relativePath, width: width, height: height) == nil else { return }
                decode(id.relativePath, width: width, height: height, post: false)
            }
        case .classify(let ids):
            modelQueue.async { [self] in classify(ids) }
        case .explain(let id):
            wantExplanation(id, urgent: true)
        case .prefetchExplanation(let id):
            wantExplanation(id, urgent: false)
        case .appendVerdict(let record):
            logQueue.async { [self] in append(record) }
        case .adaptModelToStudy:
            modelQueue.async { [self] in adaptToStudy(studyCases) }
        case .adaptWithLabels(let films):
            // Its own queue: scoring goes on with the current model meanwhile.
            adaptQueue.async { [self] in adaptWithLabels(films) }
        case .switchModel(let id):
            modelQueue.async { [self] in switchModel(to: id) }
        case .revertModel:
            modelQueue.async { [self] in revertModel() }
        case .quit:
            break
        }
    }

    /// Waits until every queued log write is on disk.
    public func finishWrites() {
        logQueue.sync {}
    }

    private func decode(_ path: String, width: Int, height: Int, post: Bool) {
        guard !isStopping, let studyCase = casesByPath[path] else { return }
        do {
            let bytes = try ImageFile.readBytes(path: studyCase.absolutePath)
            let film: DecodedFilm
            do {
                film = try FilmCodec.decode(bytes, name: studyCase.absolutePath, fittingAtLeast: (width, height))
            } catch {
                throw ImageLoadError(path: studyCase.absolutePath, reason: error)
            }
            let image = film.image
            cache.store(image, path: path, isFullSize: image.width >= film.fullWidth)
            if let values = film.values { cache.store(values, path: Self.valuesKey(path), isFullSize: image.width >= film.fullWidth) }
            remember(bytes, path: path, shown: true)
            if !film.metadata.isEmpty && film.format != .jpeg { inbox.post(.described([path: film.metadata])) }
            if post { postFilm(path, image: image) }
        } catch {
            if post { inbox.post(.imageFailed(path: path, reason: (error as? ImageLoadError)?.reason.description ?? String(describing: error))) }
        }
    }

    /// Posts a decoded film, and its modality values when they are cached at the same size.
    private func postFilm(_ path: String, image: GrayImage) {
        if let values = cache.image(path: Self.valuesKey(path), width: image.width, height: image.height),
           values.width == image.width, values.height == image.height {
            inbox.post(.modalityValues(path: path, image: values))
        }
        inbox.post(.imageLoaded(path: path, image: image))
    }

    /// The cache key of a film's modality values (a path cannot contain NUL).
    private static func valuesKey(_ path: String) -> String { path + "\u{0}values" }

    private func classify(_ ids: [CaseID]) {
        guard let classifier else {
            for id in ids { inbox.post(.predictionFailed(path: id.relativePath, reason: "no model")) }
            return
        }
        var images: [GrayImage] = []
        var paths: [String] = []
        var described: [String: FilmMetadata] = [:]
        for id in ids {
            if isStopping { return }
            guard let studyCase = casesByPath[id.relativePath] else { continue }
            do throws(ImageLoadError) {
                let bytes = try ImageFile.readBytes(path: studyCase.absolutePath)
                do {
                    let film = try FilmCodec.decode(bytes, name: studyCase.absolutePath, fittingAtLeast: classifier.inputSize)
                    images.append(film.image)
                    if film.format != .jpeg && !film.metadata.isEmpty { described[id.relativePath] = film.metadata }
                } catch {
                    throw ImageLoadError(path: studyCase.absolutePath, reason: error)
                }
                remember(bytes, path: id.relativePath, shown: false)
                paths.append(id.relativePath)
            } catch {
                inbox.post(.predictionFailed(path: id.relativePath, reason: error.reason.description))
            }
        }
        if !described.isEmpty { inbox.post(.described(described)) }
        guard !images.isEmpty, !isStopping else { return }
        do {
            let probabilities = try classifier.probabilities(of: images)
            var scores: [String: Double] = [:]
            // A non-finite probability is never shown or logged: the film is reported as failed.
            for (path, p) in zip(paths, probabilities) {
                if p.isFinite { scores[path] = p } else { inbox.post(.predictionFailed(path: path, reason: "the model gave a non-finite probability")) }
            }
            if !scores.isEmpty { inbox.post(.predicted(scores)) }
        } catch {
            for path in paths { inbox.post(.predictionFailed(path: path, reason: "\(error)")) }
        }
    }

    private func append(_ record: FeedbackRecord) {
        var filled = record
        // Retractions and notes name a verdict already given; judgements must match the bytes seen.
        if record.verdict.isJudgement, let studyCase = casesByPath[record.caseID.relativePath] {
            switch bind(record, to: studyCase) {
            case .success(let bound): filled = bound
            case .failure(let failure):
                inbox.post(.verdictFailed(record, reason: failure.description))
                return
            }
        } else if filled.caseID.sha256 == nil, let studyCase = casesByPath[record.caseID.relativePath] {
            do {
                filled.caseID.sha256 = try hashes.digest(for: studyCase)
            } catch {
                inbox.post(.verdictFailed(record, reason: error.description))
                return
            }
        }
        guard let store = store.withLock({ $0 }) else {
            inbox.post(.verdictFailed(record, reason: "the feedback log is not open"))
            return
        }
        do {
            _ = try store.record(filled)
            inbox.post(.verdictSaved(filled))
        } catch {
            inbox.post(.verdictFailed(record, reason: String(describing: error)))
        }
    }
}
