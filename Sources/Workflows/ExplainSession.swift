import Dispatch
import Explain
import Foundation
import Imaging
import Storage

/// One `lightbox explain` run: LIME on one film with the model's calibrated log-odds (or its
/// probability) as the target, the stages timed, the report printed and the picture written.
public struct ExplainSession {
    public var image: String
    public var modelPath: String?
    public var samples = LIMERecipe.samples
    public var segments = LIMERecipe.segments
    public var compactness = LIMERecipe.compactness
    public var seed = LIMERecipe.seed
    public var top = LIMERecipe.top
    /// Where the picture goes (JPEG), if anywhere.
    public var out: String?
    public var json = false
    /// Masks drawn in complementary pairs (false: independently, as lime does).
    public var paired = true
    /// Regress on calibrated log-odds (false: on the probability, as lime does).
    public var logOddsTarget = true
    /// The layer-by-layer inference path, for before/after timing.
    public var referenceInference = false
    /// Seeds to explain with for the top-5 overlap (1: none).
    public var stabilityRuns = 1

    public init(image: String, modelPath: String?) {
        self.image = image
        self.modelPath = modelPath
    }

    /// Explains the film, prints the report (text or JSON) and timings, writes the picture.
    public func run() throws {
        var clock = StageClock()
        let model = try ModelLoader.load(modelPath)
        model.network.usesFusedInference = !referenceInference
        clock.mark("model load")
        let size = model.preprocessing.inputSize
        let film: GrayImage
        do { film = try ImageFile.loadFilm(path: image, fittingAtLeast: (size, size)).image } catch {
            throw CommandFailure(error.description)
        }
        clock.mark("decode")
        let (input, segmentation) = LIMERecipe.segment(film: film, model: model, segments: segments, compactness: compactness)
        clock.mark("resize + segmentation")

        var options = LIME.options(for: model, samples: samples)
        options.paired = paired
        let logOdds = LIME.calibratedLogOdds(model)
        let score: ([Float], Int) -> [Double] = logOddsTarget ? logOdds
            : { inputs, count in logOdds(inputs, count).map { Explanation.probability(logOdds: $0) } }
        let forward = Stopwatch()
        let timedScore: ([Float], Int) -> [Double] = { inputs, count in forward.time { score(inputs, count) } }
        var explanation = try explainOnce(input, segmentation, options, seed: seed, score: timedScore, clock: &clock)
        // LIME perturbs the untransformed view; the probability the user sees everywhere else
        // (predict, review, the overlay's legend) averages the model's test-time views.
        let singleView = logOddsTarget ? Explanation.probability(logOdds: explanation.score) : explanation.score
        let shown = model.probabilities(images: [film])[0]
        explanation.probability = shown
        let views = model.views.count

        var stability: Double?
        if stabilityRuns > 1 {
            var runs = [explanation]
            for k in 1..<stabilityRuns {
                runs.append(try LIME.explain(image: input, segmentation: segmentation, options: options,
                                             seed: seed &+ UInt64(k), classify: score))
            }
            stability = TopOverlap.meanPairwise(runs, k: 5)
            clock.mark("stability runs")
        }

        if let out {
            // The model input was decoded at a reduced scale when the JPEG allowed; the picture wants more.
            let display = max(film.width, film.height) >= 1024 ? film
                : (try? ImageFile.loadFilm(path: image, fittingAtLeast: (1024, 1024)).image) ?? film
            try report(explanation, segmentation, stability: stability, singleView: singleView, views: views, modelID: model.id)
                .writePicture(film: display, to: out)
            clock.mark("overlay")
        }
        let report = report(explanation, segmentation, stability: stability, singleView: singleView, views: views, modelID: model.id)
        print(json ? report.json : report.text)
        if let stability { writeStderr("explain: mean pairwise top-5 overlap over \(stabilityRuns) seeds: \(String(format: "%.2f", stability))\n") }
        writeStderr("explain: " + clock.report(forward: forward.seconds) + "\n")
    }

    private func report(_ e: Explanation, _ s: Segmentation, stability: Double?, singleView: Double, views: Int,
                        modelID: String) -> ExplanationReport {
        ExplanationReport(explanation: e, segmentation: s, image: image, modelID: modelID, singleView: singleView, views: views,
                          stability: stability, seed: seed, paired: paired,
                          target: logOddsTarget ? "calibrated_log_odds" : "probability", compactness: compactness, top: top)
    }

    /// One explanation, with the sampling, forward and regression stages timed.
    private func explainOnce(_ input: GrayImage, _ segmentation: Segmentation, _ options: LIMEOptions, seed: UInt64,
                             score: @escaping ([Float], Int) -> [Double], clock: inout StageClock) throws -> Explanation {
        var sampled: UInt64 = 0, classified: UInt64 = 0, fitted: UInt64 = 0
        let e = try LIME.explain(image: input, segmentation: segmentation, options: options, seed: seed, classify: score) { stage in
            switch stage {
            case .sampled: sampled = DispatchTime.now().uptimeNanoseconds
            case .classified(let done, let total): if done == total { classified = DispatchTime.now().uptimeNanoseconds }
            case .fitted: fitted = DispatchTime.now().uptimeNanoseconds
            }
        }
        clock.markLIME(sampled: sampled, classified: classified, fitted: fitted)
        return e
    }
}
