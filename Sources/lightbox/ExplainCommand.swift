import ReviewApp
import ArgumentParser
import Classifier
import Dispatch
import Explain
import Foundation
import Imaging
import NeuralNet
import Storage

/// `lightbox explain`: a LIME explanation of one film, as an overlay image and/or JSON.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain the model's P(pneumonia) for one film with LIME over SLIC superpixels.",
        discussion: """
            Superpixels are computed on the model's input (the film resized to the model's input size), so every \
            mask maps exactly onto model input pixels. Switched-off superpixels show their own mean; each masked \
            sample is standardised as the model's preprocessing would. Masks are drawn in antithetic pairs (a mask, \
            then its complement). The surrogate is fitted on the calibrated log-odds of PNEUMONIA. The same --seed \
            gives byte-identical JSON and overlay. Timings go to stderr.
            """)

    enum Target: String, ExpressibleByArgument, CaseIterable { case logodds, probability }

    @Argument(help: "A JPEG film.") var image: String
    @OptionGroup var model: ModelOption
    @Option(name: .long, help: "Perturbed samples, the original included.") var samples: Int = LIMERecipe.samples
    @Option(name: .long, help: "Wanted number of SLIC superpixels.") var segments: Int = LIMERecipe.segments
    @Option(name: .long, help: "SLIC compactness (higher: squarer superpixels).") var compactness: Double = LIMERecipe.compactness
    @Option(name: .long, help: "Seed of the sampler.") var seed: UInt64 = LIMERecipe.seed
    @Option(name: .long, help: "Superpixels tinted on each side in the overlay.") var top: Int = LIMERecipe.top
    @Option(name: .long, help: "Write the overlay JPEG here (.jpg or .jpeg).") var out: String?
    @OptionGroup var json: JSONOption
    @Flag(name: .long, help: "Draw masks independently instead of in complementary pairs (lime's way).") var unpaired = false
    @Option(name: .long, help: "Regression target: logodds (calibrated log-odds of PNEUMONIA) or probability (as lime).")
    var target: Target = .logodds
    @Flag(name: .long, help: ArgumentHelp("Use the layer-by-layer inference path (for before/after timing).", visibility: .hidden))
    var referenceInference = false
    @Option(name: .long, help: "Also explain with this many consecutive seeds and report their mean pairwise top-5 overlap.")
    var stabilityRuns: Int = 1

    func validate() throws {
        guard samples >= 2 else { throw ValidationError("--samples must be at least 2") }
        guard (1...1000).contains(segments) else { throw ValidationError("--segments must be in 1...1000") }
        guard compactness > 0 else { throw ValidationError("--compactness must be positive") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard stabilityRuns >= 1 else { throw ValidationError("--stability-runs must be at least 1") }
        // The overlay is written as JPEG only; a .png name would get JPEG bytes under it.
        if let out, let dot = out.lastIndex(of: "."), !["jpg", "jpeg"].contains(out[out.index(after: dot)...].lowercased()) {
            throw ValidationError("--out \(out): the overlay is written as JPEG; name it .jpg or .jpeg")
        }
    }

    func run() throws {
        var clock = StageClock()
        let model = try self.model.load()
        model.network.usesFusedInference = !referenceInference
        clock.mark("model load")
        let size = model.preprocessing.inputSize
        let film: GrayImage
        do { film = try ImageFile.loadGray(path: image, fittingAtLeast: (size, size)) } catch {
            throw CommandFailure(error.description)
        }
        clock.mark("decode")
        let (input, segmentation) = LIMERecipe.segment(film: film, model: model, segments: segments, compactness: compactness)
        clock.mark("resize + segmentation")

        var options = LIME.options(for: model, samples: samples)
        options.paired = !unpaired
        let logOdds = LIME.calibratedLogOdds(model)
        let score: ([Float], Int) -> [Double] = target == .logodds ? logOdds
            : { inputs, count in logOdds(inputs, count).map { Explanation.probability(logOdds: $0) } }
        let forward = Stopwatch()
        let timedScore: ([Float], Int) -> [Double] = { inputs, count in forward.time { score(inputs, count) } }
        var explanation = try explainOnce(input, segmentation, options, seed: seed, score: timedScore, clock: &clock)
        // LIME perturbs the untransformed view; the probability the user sees everywhere else
        // (predict, review, the overlay's legend) averages the model's test-time views.
        let singleView = target == .logodds ? Explanation.probability(logOdds: explanation.score) : explanation.score
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
                : (try? ImageFile.loadGray(path: image, fittingAtLeast: (1024, 1024))) ?? film
            try report(explanation, segmentation, stability: stability, singleView: singleView, views: views, modelID: model.id)
                .writePicture(film: display, to: out)
            clock.mark("overlay")
        }
        let report = report(explanation, segmentation, stability: stability, singleView: singleView, views: views, modelID: model.id)
        print(json.enabled ? report.json : report.text)
        if let stability { writeStderr("explain: mean pairwise top-5 overlap over \(stabilityRuns) seeds: \(String(format: "%.2f", stability))\n") }
        writeStderr("explain: " + clock.report(forward: forward.seconds) + "\n")
    }

    private func report(_ e: Explanation, _ s: Segmentation, stability: Double?, singleView: Double, views: Int,
                        modelID: String) -> ExplanationReport {
        ExplanationReport(explanation: e, segmentation: s, image: image, modelID: modelID, singleView: singleView, views: views,
                          stability: stability, seed: seed, paired: !unpaired,
                          target: target == .logodds ? "calibrated_log_odds" : "probability", compactness: compactness, top: top)
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
