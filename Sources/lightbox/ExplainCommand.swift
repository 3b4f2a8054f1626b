import ReviewApp
import ArgumentParser
import Dispatch
import Foundation
import Workflows

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

    enum Target: String, ExpressibleByArgument, DescribedChoice {
        case logodds, probability
        var gloss: String? {
            switch self {
            case .logodds: "calibrated log-odds of PNEUMONIA"
            case .probability: "as lime"
            }
        }
    }

    @Argument(help: "A film (JPEG, PNG or DICOM, found by content).") var image: String
    @OptionGroup var model: ModelOption
    @Option(name: .long, help: "Perturbed samples, the original included.") var samples: Int = LIMERecipe.samples
    @Option(name: .long, help: "Wanted number of SLIC superpixels.") var segments: Int = LIMERecipe.segments
    @Option(name: .long, help: "SLIC compactness (higher: squarer superpixels).") var compactness: Double = LIMERecipe.compactness
    @Option(name: .long, help: "Seed of the sampler.") var seed: UInt64 = LIMERecipe.seed
    @Option(name: .long, help: "Superpixels tinted on each side in the overlay.") var top: Int = LIMERecipe.top
    @Option(name: .long, help: "Write the overlay JPEG here (.jpg or .jpeg).") var out: String?
    @OptionGroup var json: JSONOption
    @Flag(name: .long, help: "Draw masks independently instead of in complementary pairs (lime's way).") var unpaired = false
    @Option(name: .long, help: "Regression target: \(Target.choiceList).")
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
        var session = ExplainSession(image: image, modelPath: model.path)
        session.samples = samples; session.segments = segments; session.compactness = compactness; session.seed = seed
        session.top = top; session.out = out; session.json = json.enabled; session.paired = !unpaired
        session.logOddsTarget = target == .logodds; session.referenceInference = referenceInference
        session.stabilityRuns = stabilityRuns
        try session.run()
    }
}
