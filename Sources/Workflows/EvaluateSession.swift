import Classifier
import Imaging
import Training

/// `lightbox evaluate`'s work: the model's metrics on a labelled folder, at its own threshold.
public struct EvaluateSession {
    /// The metrics and what could not be counted.
    public struct Report {
        public let metrics: BinaryMetrics
        public let thresholdFree: ThresholdFreeView
        public let modelID: String
        /// Films without a NORMAL or PNEUMONIA folder above them (each named on stderr).
        public let unlabelledCount: Int
        /// Films that could not be read (each named on stderr).
        public let failureCount: Int

        /// The report as a table, or as one JSON object.
        public func text(json: Bool) -> String {
            json ? EvaluationReport.json(metrics, modelID: modelID, thresholdFree: thresholdFree)
                 : EvaluationReport.table(metrics, modelID: modelID, thresholdFree: thresholdFree)
        }
    }

    public var dataDir: String

    public init(dataDir: String) { self.dataDir = dataDir }

    /// Loads the labelled films under `dataDir` and scores them; progress on stderr past 200 films.
    public func run(model: PneumoniaModel) throws -> Report {
        let size = model.preprocessing.inputSize
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let cases = loader.scan([dataDir])
        let films = loader.load(cases, progressLabel: cases.count > 200 ? "load" : nil)
        var images: [GrayImage] = [], labels: [Int] = []
        var unlabelledPaths: [String] = []
        for film in films {
            guard let label = film.label else {
                unlabelledPaths.append(film.relativePath)
                continue
            }
            images.append(film.image)
            labels.append(label == .pneumonia ? 1 : 0)
        }
        let unlabelled = unlabelledPaths.count
        // A folder without any labels is one mistake, said once; stray films in a labelled one are named.
        guard !labels.isEmpty else {
            throw CommandFailure(unlabelled > 0
                ? "\(dataDir): none of its \(unlabelled) film\(unlabelled == 1 ? " is" : "s are") under a NORMAL or PNEUMONIA folder, so there is no reference label to evaluate against (`lightbox predict` scores unlabelled films)"
                : "\(dataDir): no labelled films to evaluate")
        }
        for path in unlabelledPaths {
            writeStderr("lightbox: \(path): no NORMAL or PNEUMONIA folder above it, so no reference label\n")
        }
        let progress = images.count > 200 ? ProgressReporter(label: "evaluate", total: images.count, unit: "films") : nil
        var last = 0
        let probabilities = model.probabilities(images: images) { done in progress?.advance(by: done - last); last = done }
        progress?.finish()
        return Report(metrics: BinaryMetrics(probabilities: probabilities, labels: labels, threshold: model.threshold),
                      thresholdFree: ThresholdFreeView(probabilities: probabilities, labels: labels),
                      modelID: model.id, unlabelledCount: unlabelled, failureCount: loader.failures.count)
    }
}
