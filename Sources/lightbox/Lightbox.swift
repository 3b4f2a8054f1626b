import ReviewApp
import ArgumentParser
import Foundation
import Workflows
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
                          InspectCommand.self, BenchCommand.self, OldDecodeBenchCommand.self, LearningCurveCommand.self],
            defaultSubcommand: ReviewCommand.self)
    }

    static let version = "0.1.0"

    /// "lightbox 0.1.0 / BLAS: OpenBLAS core SkylakeX, 1 thread x 2 workers (...)".
    static var versionText: String { "lightbox \(version)\n" + Runtime.description }

    /// Sets up the runtime (`Runtime.configure`: OpenBLAS kernels and threads) before any command
    /// runs, then parses and runs.
    static func main() {
        Runtime.configure()
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        if let suggestion = CommandSuggestion.message(arguments: Array(CommandLine.arguments.dropFirst()), commands: names) {
            FileHandle.standardError.write(("Error: " + suggestion + "\n").data(using: .utf8)!)
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }
}
