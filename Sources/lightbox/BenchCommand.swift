import ReviewApp
import ArgumentParser
import Foundation
import Workflows
import Benchmarks

/// `lightbox bench`: throughput of the model beside sgemm measured in the same run, with the same
/// number of threads.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
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
    @Flag(name: .long, help: "Measure storage instead: JPEG decode (full and 1/8 scale), SHA-256, a 5,000-film scan.") var storage = false
    @Flag(name: .long, help: "Measure the terminal image encoders instead: bytes per film and encode time for kitty graphics and sixel at 120x40 and 200x60 cells, with and without the LIME overlay, on a 2048x2048 phantom and a demo film.") var graphics = false

    func validate() throws {
        // --json describes the inference benchmark; the other two print tables only, and stdout
        // under --json holds JSON or nothing.
        if json.enabled && (graphics || storage) {
            throw ValidationError("--json applies to the inference benchmark; --graphics and --storage print text only")
        }
    }

    func run() throws {
        if graphics {
            for line in GraphicsBenchmark.report(films: GraphicsBenchmark.standardFilms(), repeats: repeats) { print(line) }
            return
        }
        if storage {
            let scratch = NSTemporaryDirectory() + "lightbox-bench-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            for line in try StorageBenchmark.report(scratch: scratch) { print(line) }
            return
        }
        var bench = InferenceBenchmark.Run(modelPath: model.path, repeats: repeats, threads: threads,
                                           modelBlasThreads: modelBlasThreads, predictFolder: predictFolder)
        bench.json = json.enabled
        bench.layers = layers
        try bench.execute()
    }
}
