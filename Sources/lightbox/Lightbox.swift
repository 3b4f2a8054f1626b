import ArgumentParser
import NeuralNet

@main
struct Lightbox: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "lightbox",
            abstract: "Keyboard-driven triage of pediatric chest X-rays in the terminal.",
            discussion: "Research and teaching tool. Not a medical device: not for diagnosis or treatment decisions.",
            version: versionText,
            subcommands: [ReviewCommand.self, ShowCommand.self, PredictCommand.self, ExplainCommand.self,
                          EvaluateCommand.self, ExportCommand.self, AdaptCommand.self, TrainCommand.self, SynthCommand.self,
                          InspectCommand.self, BenchCommand.self],
            defaultSubcommand: ReviewCommand.self)
    }

    static let version = "0.1.0"

    /// "lightbox 0.1.0 (BLAS: OpenBLAS SkylakeX, 2 threads; ...)".
    static var versionText: String {
        let selection = BLAS.selectFastKernels()
        return "lightbox \(version)\nBLAS: OpenBLAS core \(BLAS.coreName), \(BLAS.threadCount) threads (\(selection))"
    }

    /// Selects fast OpenBLAS kernels before any command runs, then parses and runs.
    static func main() {
        BLAS.selectFastKernels()
        main(nil)
    }
}
