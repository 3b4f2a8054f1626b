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
    @Option(name: .long, help: "Model file (default: the bundled model).") var model: String?
    @Option(name: .long, help: "Perturbed samples, the original included.") var samples: Int = LIMERecipe.samples
    @Option(name: .long, help: "Wanted number of SLIC superpixels.") var segments: Int = LIMERecipe.segments
    @Option(name: .long, help: "SLIC compactness (higher: squarer superpixels).") var compactness: Double = LIMERecipe.compactness
    @Option(name: .long, help: "Seed of the sampler.") var seed: UInt64 = LIMERecipe.seed
    @Option(name: .long, help: "Superpixels tinted on each side in the overlay.") var top: Int = LIMERecipe.top
    @Option(name: .long, help: "Write the overlay JPEG here (.jpg or .jpeg).") var out: String?
    @Flag(name: .long, help: "Print the explanation as one JSON object.") var json = false
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
        let model = try ModelLoader.load(self.model)
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
            try writeOverlay(film: display, segmentation: segmentation, explanation: explanation, to: out)
            clock.mark("overlay")
        }
        if json { print(jsonText(explanation, segmentation, modelID: model.id, stability: stability, singleView: singleView, views: views)) }
        else { print(summary(explanation, segmentation, singleView: singleView, views: views)) }
        if let stability { writeStderr("explain: mean pairwise top-5 overlap over \(stabilityRuns) seeds: \(String(format: "%.2f", stability))\n") }
        writeStderr("explain: " + clock.report(forward: forward.seconds) + "\n")
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

    private func writeOverlay(film: GrayImage, segmentation: Segmentation, explanation: Explanation, to path: String) throws {
        // Display at 448...1024 pixels on the longer side, keeping the aspect ratio.
        let longer = max(film.width, film.height)
        var display = film
        let side = min(1024, max(448, longer))
        if side != longer {
            let scale = Double(side) / Double(longer)
            display = film.resized(width: max(1, Int((Double(film.width) * scale).rounded())),
                                   height: max(1, Int((Double(film.height) * scale).rounded())))
        }
        let labels = segmentation.labels(resizedTo: display.width, height: display.height)
        let picture = ExplanationPicture(top: top).render(film: display, labels: labels, explanation: explanation)
        do {
            let bytes = try JPEGCodec.encodeRGB(width: picture.width, height: picture.height, rgb: picture.rgb, quality: 92)
            try AtomicFile.write(bytes, to: path)
        } catch let error as FileWriteError {
            throw CommandFailure(error.description)
        } catch {
            throw CommandFailure("\(path): cannot encode the overlay (\(error))")
        }
    }

    private func summary(_ e: Explanation, _ s: Segmentation, singleView: Double, views: Int) -> String {
        var lines = [String(format: "P(pneumonia) %.4f, surrogate R² %@, %d superpixels, %d samples, seed %llu",
                            e.probability ?? .nan, e.r2.map { String(format: "%.3f", $0) } ?? "undefined", s.count, e.samples, seed)]
        if views > 1 {
            lines.append(String(format: "(P is the model's, averaged over its %d test-time views, as predict and review show it; "
                                + "the perturbations run on the untransformed view alone, whose P is %.4f)", views, singleView))
        }
        for (title, ids) in [("for PNEUMONIA", e.topSupporting(top)), ("against", e.topOpposing(top))] {
            lines.append(title + ": " + ids.map { id in
                String(format: "#%d (%.0f,%.0f) %+.3f", id, s.centroids[id].x, s.centroids[id].y, e.weights[id])
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    private func jsonText(_ e: Explanation, _ s: Segmentation, modelID: String, stability: Double?, singleView: Double, views: Int) -> String {
        func num(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "null" }
        let segmentsJSON = (0..<s.count).map { k in
            "{\"id\": \(k), \"weight\": \(num(e.weights[k])), \"centroid\": [\(num(s.centroids[k].x)), \(num(s.centroids[k].y))], \"size\": \(s.sizes[k])}"
        }.joined(separator: ", ")
        var fields = [
            "\"image\": \(jsonString(image))",
            "\"model_id\": \(jsonString(modelID))",
            "\"probability\": \(e.probability.map(num) ?? "null")",
            "\"views\": \(views)",
            "\"probability_single_view\": \(num(singleView))",
            "\"score\": \(num(e.score))",
            "\"intercept\": \(num(e.intercept))",
            "\"r2\": \(e.r2.map(num) ?? "null")",
            "\"samples\": \(e.samples)",
            "\"seed\": \(seed)",
            "\"paired\": \(!unpaired)",
            "\"target\": \"\(target == .logodds ? "calibrated_log_odds" : "probability")\"",
            "\"segmentation\": {\"width\": \(s.width), \"height\": \(s.height), \"count\": \(s.count), \"compactness\": \(num(compactness))}",
            "\"top_for_pneumonia\": [\(e.topSupporting(top).map(String.init).joined(separator: ", "))]",
            "\"top_against\": [\(e.topOpposing(top).map(String.init).joined(separator: ", "))]",
            "\"segments\": [\(segmentsJSON)]",
        ]
        if let stability { fields.append("\"stability_top5_overlap\": \(num(stability))") }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// Accumulated wall-clock time of the calls it wraps.
final class Stopwatch {
    private(set) var seconds = 0.0

    func time<T>(_ body: () -> T) -> T {
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
        return body()
    }
}

/// Wall-clock stamps of the explain stages, reported on stderr.
struct StageClock {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var last = DispatchTime.now().uptimeNanoseconds
    private var stages: [(String, Double)] = []

    mutating func mark(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append((name, Double(now - last) / 1e9))
        last = now
    }

    /// Splits the LIME call at its progress stamps: sampling, masking+forward, regression.
    mutating func markLIME(sampled: UInt64, classified: UInt64, fitted: UInt64) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append(("sampling", Double(sampled - last) / 1e9))
        stages.append(("masking+forward", Double(classified - sampled) / 1e9))
        stages.append(("regression", Double(fitted - classified) / 1e9))
        last = now
    }

    func report(forward: Double) -> String {
        var parts = stages.map { name, s in "\(name) \(ms(s))" }
        if let masked = stages.first(where: { $0.0 == "masking+forward" })?.1 {
            parts.append("(of which forward passes \(ms(forward)), masking \(ms(masked - forward)))")
        }
        parts.append("total \(ms(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))")
        return parts.joined(separator: ", ")
    }

    private func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
}
