import LinearAlgebra
import ReviewApp
import ArgumentParser
import Foundation
import NeuralNet
#if canImport(Glibc)
import Glibc
#endif

@main
struct Lightbox: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "lightbox",
            abstract: "Keyboard-driven triage of pediatric chest X-rays in the terminal.",
            discussion: "Research and teaching tool. Not a medical device: not for diagnosis or treatment decisions.",
            version: versionText,
            subcommands: [ReviewCommand.self, ShowCommand.self, PredictCommand.self, ExplainCommand.self,
                          EvaluateCommand.self, ExportCommand.self, AgreementCommand.self, StoreCommand.self, AdaptCommand.self, TrainCommand.self, SynthCommand.self,
                          InspectCommand.self, DecodeBenchCommand.self, BenchCommand.self, LearningCurveCommand.self],
            defaultSubcommand: ReviewCommand.self)
    }

    static let version = "0.1.0"

    /// "lightbox 0.1.0 / BLAS: OpenBLAS core SkylakeX, 1 thread x 2 workers (...)".
    static var versionText: String {
        let selection = BLAS.selectFastKernels()
        return "lightbox \(version)\nBLAS: OpenBLAS core \(BLAS.coreName), \(BLAS.threadCount) OpenBLAS thread\(BLAS.threadCount == 1 ? "" : "s") x "
            + "\(BLAS.threadCount == 1 ? Parallel.workers : 1) workers (\(selection))"
    }

    /// Selects fast OpenBLAS kernels and the thread layout before any command runs, then parses and runs.
    ///
    /// Unless OPENBLAS_NUM_THREADS says otherwise, OpenBLAS runs single-threaded and the network
    /// splits each batch over the cores itself: on these small products that measured about twice
    /// the throughput of OpenBLAS's own threads (`lightbox bench --model-blas-threads 2` shows it),
    /// and idle OpenBLAS threads no longer spin against the review UI.
    static func main() {
        BLAS.selectFastKernels()
        Parallel.workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { BLAS.setThreadCount(1) }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        if let suggestion = CommandSuggestion.message(arguments: Array(CommandLine.arguments.dropFirst()), commands: names) {
            FileHandle.standardError.write(("Error: " + suggestion + "\n").data(using: .utf8)!)
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }
}
