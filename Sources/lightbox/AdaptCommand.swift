import ReviewApp
import ArgumentParser
import Foundation
import Workflows

/// `lightbox adapt`: makes a model right for a site from films labelled there.
struct AdaptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapt",
        abstract: "Adapt a model to a site's labelled films: recalibration, head refit or fine-tuning, whichever cross-validates best; never a worse model.",
        discussion: """
            Labels come from --labelled DIR (NORMAL/ and PNEUMONIA/ subfolders) or from the review \
            TUI's export (--feedback CSV with --study DIR, matched by SHA-256). Prints cross-validated \
            metrics on those films before and after (folds never split a patient) and writes a new \
            model whose card records the adaptation. Candidates: Platt recalibration and threshold; a head \
            refit (L2 logistic regression on the network's pooled features plus its logit, C chosen by \
            nested cross-validation by patient); with enough films, fine-tuning. The one with the lower \
            cross-validated log loss and no lower accuracy is kept. When that is not clearly better than \
            the model as given (log loss gain clear of noise, accuracy no lower, AUC no lower), nothing is \
            written and adapt exits 1 (--force writes anyway, with a warning in the card). A CNN trained at one hospital is \
            miscalibrated at the next; this is how reviewers' verdicts make it right for theirs.
            """)

    @Option(name: .long, help: "Model file to write, atomically. An existing model is replaced only with --force; any other file (a film, a CSV, a folder) never.") var out: String
    @Flag(name: .long, help: "Replace an existing model at --out, and write the adapted model even when the cross-validation says it is not better than the input model (the card records a warning).") var force = false
    @Flag(name: .long, inversion: .prefixedNo, help: "Refit the network's head (logistic regression on its pooled features plus its logit, L2 by cross-validation); kept when its cross-validation wins.") var headRefit = true
    @Option(name: .long, help: "The adaptation: auto (whichever cross-validates best), recalibration, head-refit or fine-tune.") var method: String = "auto"
    @Option(name: .long, help: "Batch-norm statistics before the head refit: kept (off), re-estimated on the site (on), or both tried and the cross-validation decides (both).") var headRefitBn: String = "off"
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
        guard ["auto", "recalibration", "head-refit", "fine-tune"].contains(method) else { throw ValidationError("--method must be auto, recalibration, head-refit or fine-tune") }
        if method == "head-refit" && !headRefit { throw ValidationError("--method head-refit needs the head refit (drop --no-head-refit)") }
        guard ["off", "on", "both"].contains(headRefitBn) else { throw ValidationError("--head-refit-bn must be off, on or both") }
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
        var configured = adapter
        configured.force = force
        configured.headRefit = headRefit
        switch method {
        case "recalibration": (configured.method, configured.headRefit, configured.fineTune) = ("recalibration", false, false)
        case "head-refit": (configured.method, configured.fineTune) = ("head refit", false)
        case "fine-tune": (configured.method, configured.fineTune) = ("fine-tune", true)
        default: configured.method = nil
        }
        configured.headRefitBatchNorm = headRefitBn == "both" ? [false, true] : [headRefitBn == "on"]
        let report = try configured.run(model: try model.load())
        for line in report.lines { print(line) }
        if let failure = report.failure { throw failure }
    }
}
