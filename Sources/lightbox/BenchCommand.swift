import ReviewApp
import ArgumentParser
import Foundation
import Workflows
import Benchmarks

/// `lightbox bench`: the benchmarks, each a subcommand; `bench` alone is `bench inference`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure inference and training throughput against sgemm, the terminal image encoders, storage or film decoding.",
        discussion: "Not part of the test suite. Every figure is measured beside its reference in the same run.",
        subcommands: [InferenceBenchCommand.self, GraphicsBenchCommand.self, StorageBenchCommand.self, DecodeBenchCommand.self],
        defaultSubcommand: InferenceBenchCommand.self)
}

/// `lightbox bench [inference]`: throughput of the model beside sgemm measured in the same run,
/// with the same number of threads.
struct InferenceBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference",
        abstract: "Measure inference and training throughput against sgemm in the same run.",
        discussion: """
            Not part of the test suite. GFLOPS count a multiply-add as 2; training counts forward + backward \
            as 3x the forward FLOPs. sgemm (1024^3) runs on --threads OpenBLAS threads; the model runs on the \
            same number of threads, as --threads workers that split the batch, each with single-threaded \
            OpenBLAS (the way every lightbox command runs it), or with --model-blas-threads OpenBLAS threads \
            and one worker. The three measurements are interleaved, --repeats rounds after a warm-up, and each \
            figure is the median, so a busy machine slows all of them alike.
            """)

    @OptionGroup var model: ModelOption
    @Option(name: .long, help: "Timed rounds of each measurement.") var repeats: Int = 7
    @Option(name: .long, help: "Threads for sgemm and for the model (default: the active cores, at most 8).") var threads: Int?
    @Option(name: .long, help: "OpenBLAS threads inside the model (default 1, with the batch split over --threads workers).") var modelBlasThreads: Int = 1
    @Option(name: .long, help: "Also time predict on the films under this folder (e.g. written by `lightbox synth --count 300 --size 1024`): the pipeline, beside decoding all first and scoring after.")
    var predictFolder: String?
    @OptionGroup var json: JSONOption
    @Flag(name: .long, help: "Also print the time of each layer's forward and backward in a training step.") var layers = false
    // The old spellings of `bench storage` and `bench graphics`, refused with the new one named.
    @Flag(name: .long, help: .hidden) var storage = false
    @Flag(name: .long, help: .hidden) var graphics = false

    func validate() throws {
        if graphics { throw ValidationError("--graphics is now a subcommand: lightbox bench graphics") }
        if storage { throw ValidationError("--storage is now a subcommand: lightbox bench storage") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard modelBlasThreads >= 1 else { throw ValidationError("--model-blas-threads must be at least 1") }
    }

    func run() throws {
        var bench = InferenceBenchmark.Run(modelPath: model.path, repeats: repeats, threads: threads,
                                           modelBlasThreads: modelBlasThreads, predictFolder: predictFolder)
        bench.json = json.enabled
        bench.layers = layers
        try bench.execute()
    }
}

/// `lightbox bench graphics`: bytes per film and encode time of the terminal image encoders.
struct GraphicsBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graphics",
        abstract: "Measure the terminal image encoders: bytes per film and encode time for kitty graphics and sixel at 120x40 and 200x60 cells, with and without the LIME overlay, on a 2048x2048 phantom and a demo film.")

    @Option(name: .long, help: "Timed rounds of each measurement.") var repeats: Int = 7

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        for line in GraphicsBenchmark.report(films: GraphicsBenchmark.standardFilms(), repeats: repeats) { print(line) }
    }
}

/// `lightbox bench storage`: JPEG decode (full and 1/8 scale), SHA-256, a 5,000-film scan.
struct StorageBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Measure storage: JPEG decode (full and 1/8 scale), SHA-256, a 5,000-film scan.")


    func run() throws {
        let scratch = NSTemporaryDirectory() + "lightbox-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for line in try StorageBenchmark.report(scratch: scratch) { print(line) }
    }
}

