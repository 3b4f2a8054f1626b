import ReviewApp
import ArgumentParser
import Foundation
import Workflows

/// `lightbox adapt`: makes a model right for a site from films labelled there.
struct AdaptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapt",
        abstract: "Re-calibrate (Platt), re-threshold and fine-tune a model on a site's labelled films.",
        discussion: """
            Labels come from --labelled DIR (NORMAL/ and PNEUMONIA/ subfolders) or from the review \
            TUI's export (--feedback CSV with --study DIR, matched by SHA-256). Prints cross-validated \
            metrics on those films before and after (folds never split a patient) and writes a new \
            model whose card records the adaptation. With enough films (by default) the network is also \
            fine-tuned on them, once per fold and once on all, and the fine-tuned model is kept only when \
            its cross-validated log loss beats recalibration alone. A CNN trained at one hospital is \
            miscalibrated at the next; this is how reviewers' verdicts make it right for theirs.
            """)

    @Option(name: .long, help: "Model file to write.") var out: String
    @Option(name: .long, help: "Folder with NORMAL/ and PNEUMONIA/ subfolders of the site's films.") var labelled: String?
    @Option(name: .long, help: "Folder of the site's films, labels unused: re-estimates the batch-norm statistics on them (label-free adaptation; calibration and threshold kept).") var unlabelled: String?
    @Option(name: .long, help: "Exported reviewer CSV (lightbox export).") var feedback: String?
    @Option(name: .long, help: "The study folder the feedback CSV refers to.") var study: String?
    @OptionGroup var model: ModelOption
    @Option(name: .customLong("site"), help: "Site name recorded in the card (default: the name of the site's folder).") var siteOption: String?
    @Option(name: .long, help: "Cross-validation folds.") var folds: Int = 5
    @Option(name: .long, help: "Seed of the fold assignment.") var seed: UInt64 = 1
    @Flag(name: .long, inversion: .prefixedNo,
          help: "Fine-tune the network on the site's films (--fine-tune), or never (--no-fine-tune). Default: when the site has at least \(SiteAdapter.fineTuneMinimum) films of each class, fine-tune too and keep whichever of the two has the lower cross-validated log loss.")
    var fineTune: Bool?
    @Option(name: .long, help: "Training folder (NORMAL/, PNEUMONIA/) whose films are mixed 1:1 into fine-tuning, so the model does not forget its training sites.") var mix: String?
    @Option(name: .long, help: "Fine-tuning epochs.") var fineTuneEpochs: Int = SiteAdapter.defaultFineTuneEpochs
    @Option(name: .long, help: "Fine-tuning peak learning rate.") var fineTuneLr: Double = SiteAdapter.defaultFineTuneLr
    @OptionGroup var json: JSONOption

    func validate() throws {
        guard [labelled, feedback, unlabelled].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give one of --labelled DIR, --unlabelled DIR or --feedback CSV --study DIR")
        }
        if feedback != nil && study == nil { throw ValidationError("--feedback needs --study DIR") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard fineTuneEpochs >= 1, fineTuneLr > 0 else { throw ValidationError("--fine-tune-epochs and --fine-tune-lr must be positive") }
    }

    /// The site's name: `--site`, else the last component of the folder the films came from.
    private var site: String {
        if let siteOption, !siteOption.isEmpty { return siteOption }
        let folder = labelled ?? unlabelled ?? study ?? "site"
        let name = (folder as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? "site"
        return name.isEmpty || name == "." ? "site" : name
    }

    func run() throws {
        let adapter = SiteAdapter(out: out, labelled: labelled, unlabelled: unlabelled, feedback: feedback, study: study,
                                  site: site, folds: folds, seed: seed, fineTune: fineTune, mix: mix,
                                  fineTuneEpochs: fineTuneEpochs, fineTuneLr: fineTuneLr, json: json.enabled)
        let report = try adapter.run(model: try model.load())
        for line in report.lines { print(line) }
        if let failure = report.failure { throw failure }
    }
}
