import ArgumentParser
import ReviewApp
import Workflows

/// `--model FILE`, for every command that scores films.
struct ModelOption: ParsableArguments {
    @Option(name: .customLong("model"), help: "Model file (default: the bundled model).")
    var path: String?

    /// The model given, or the bundled one; a one-line error names the file.
    func load() throws -> ModelLoader.Model { try ModelLoader.load(path) }
}

/// `--json`, for commands that can print one JSON object instead of text.
struct JSONOption: ParsableArguments {
    @Flag(name: .customLong("json"), help: "Print one JSON object instead of text.")
    var enabled = false
}
