import LinearAlgebra
import Numerics
import ReviewApp
import ArgumentParser
import Classifier
import Foundation
import Imaging
import NeuralNet
import Storage
import Training

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

    func run() throws {
        if graphics {
            var films = [(name: "phantom", image: ChestPhantom.render(width: 2048, height: 2048, seed: 1, pneumonia: true))]
            if let demo = StudyLocator.demoStudy(), let scan = try? StudyScanner.scan(root: demo), let first = scan.cases.first,
               let film = try? ImageFile.loadGray(path: demo + "/" + first.relativePath) {
                films.append((name: "demo film " + first.relativePath, image: film))
            }
            for line in GraphicsBenchmark.report(films: films, repeats: repeats) { print(line) }
            return
        }
        if storage {
            let scratch = NSTemporaryDirectory() + "lightbox-bench-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            for line in try StorageBenchmark.report(scratch: scratch) { print(line) }
            return
        }
        let threads = max(1, self.threads ?? Parallel.workers)
        let modelBlasThreads = min(max(1, self.modelBlasThreads), threads)
        Parallel.workers = modelBlasThreads == 1 ? threads : 1
        // Three copies of one network: inference with the C kernels, inference on the sgemm path,
        // and training (whose updates would otherwise force a plan rebuild into every inference timing).
        func load() throws -> (Network, Int) {
            if let loaded = try? model.load() { return (loaded.network, loaded.preprocessing.inputSize) }
            if model.path != nil { _ = try model.load() }
            var rng = SplitMix64(seed: 1)
            let size = TrainingConfig().inputSize
            return (try Network(architecture: TrainingConfig.defaultArchitecture, inputShape: [1, size, size], rng: &rng), size)
        }
        let (inference, inputSize) = try load()
        let sgemmPath = try load().0, network = try load().0
        sgemmPath.usesConvKernels = false
        let flops = Double(network.flopsPerItem)

        var rng = SplitMix64(seed: 2)
        let per = inputSize * inputSize
        func batch(_ n: Int) -> Tensor {
            Tensor(shape: [n, 1, inputSize, inputSize], storage: (0..<(n * per)).map { _ in rng.standardNormal() })
        }
        let x1 = batch(1), x64 = batch(64), xTrain = batch(32)
        let targets = (0..<32).map { Float($0 % 2) }
        var dropout = SplitMix64(seed: 3)
        var optimizer = AdamW(parameterCount: network.parameterCount, decayRanges: network.decayRanges)
        let saved = network.parameters
        func trainingStep() {
            network.zeroGradients()
            let y = network.forward(xTrain, training: true, rng: &dropout)
            let loss = Loss.binaryCrossEntropy(logits: y.storage, targets: targets)
            network.backward(Tensor(shape: y.shape, storage: loss.dLogits))
            optimizer.update(parameters: &network.parameters, gradients: network.gradients, learningRate: 1e-4)
        }
        // Interleaved rounds: sgemm on `threads` OpenBLAS threads, then the model on the same thread budget,
        // with the C convolution kernels and without them (the sgemm path they replace).
        var sgemmTimes: [Double] = [], singleTimes: [Double] = [], batchedTimes: [Double] = [], trainTimes: [Double] = []
        var sgemmPathSingle: [Double] = [], sgemmPathBatched: [Double] = []
        for round in 0...max(1, repeats) {
            BLAS.setThreadCount(threads)
            let s = seconds { InferenceBenchmark.sgemm1024() }
            BLAS.setThreadCount(modelBlasThreads)
            var b1 = [0.0, 0.0], b64 = [0.0, 0.0]
            for (k, net) in [inference, sgemmPath].enumerated() {
                b1[k] = seconds { for _ in 0..<10 { _ = net.forward(x1, training: false, rng: &dropout) } } / 10
                b64[k] = seconds { _ = net.forward(x64, training: false, rng: &dropout) }
            }
            let t = seconds { trainingStep() }
            if round == 0 { continue }   // warm-up: buffers, plan, page faults
            sgemmTimes.append(s); singleTimes.append(b1[0]); batchedTimes.append(b64[0]); trainTimes.append(t)
            sgemmPathSingle.append(b1[1]); sgemmPathBatched.append(b64[1])
        }
        let inferenceSteps = json.enabled ? [] : InferenceBenchmark.inferenceSteps([inference, sgemmPath], x1: x1, x64: x64, rounds: max(1, repeats))
        if layers && !json.enabled {
            let clock = LayerClock(layers: network.layers.count, now: { DispatchTime.now().uptimeNanoseconds })
            network.layerClock = clock
            let steps = max(1, repeats)
            for _ in 0..<steps {
                network.zeroGradients()
                let y = network.forward(xTrain, training: true, rng: &dropout)
                network.backward(Tensor(shape: y.shape, storage: Loss.binaryCrossEntropy(logits: y.storage, targets: targets).dLogits))
            }
            network.layerClock = nil
            InferenceBenchmark.printLayerTable(network, clock, images: 32 * steps)
        }
        network.parameters = saved

        let decode = InferenceBenchmark.decodeTimes(repeats: repeats)
        let predict = try predictFolder.map { try InferenceBenchmark.predictRates(folder: $0, model: try model.load(), rounds: max(1, repeats / 2)) }

        let sgemmGFLOPS = 2 * pow(1024, 3) / median(sgemmTimes) / 1e9
        let inference1 = 1 / median(singleTimes), inference64 = 64 / median(batchedTimes), training = 32 / median(trainTimes)
        let sgemmPath1 = 1 / median(sgemmPathSingle), sgemmPath64 = 64 / median(sgemmPathBatched)
        let inferenceGFLOPS = inference64 * flops / 1e9, trainingGFLOPS = training * 3 * flops / 1e9
        let workers = Parallel.workers
        if json.enabled {
            print("{\"blas_core\": \"\(BLAS.coreName)\", \"threads\": \(threads), \"workers\": \(workers), \"model_blas_threads\": \(modelBlasThreads), "
                  + "\"gflop_per_image\": \(formatFixed(flops / 1e9, 4)), \"sgemm_gflops\": \(formatFixed(sgemmGFLOPS, 1)), "
                  + "\"inference_images_per_s_batch1\": \(formatFixed(inference1, 1)), \"inference_images_per_s\": \(formatFixed(inference64, 1)), "
                  + "\"inference_gflops\": \(formatFixed(inferenceGFLOPS, 1)), \"training_images_per_s\": \(formatFixed(training, 1)), "
                  + "\"conv_kernels\": \"\(ConvKernelLevel.best)\", \"sgemm_path_images_per_s_batch1\": \(formatFixed(sgemmPath1, 1)), "
                  + "\"sgemm_path_images_per_s\": \(formatFixed(sgemmPath64, 1)), "
                  + "\"training_gflops\": \(formatFixed(trainingGFLOPS, 1)), "
                  + decode.map { "\"decode_ms_\($0.name)\": \(formatFixed($0.milliseconds, 3)), " }.joined()
                  + (predict.map { "\"predict_films\": \($0.films), \"predict_films_per_s\": \(formatFixed($0.pipeline, 1)), \"predict_sequential_films_per_s\": \(formatFixed($0.sequential, 1)), " } ?? "")
                  + "\"inference_vs_sgemm\": \(formatFixed(inferenceGFLOPS / sgemmGFLOPS, 3)), \"training_vs_sgemm\": \(formatFixed(trainingGFLOPS / sgemmGFLOPS, 3))}")
        } else {
            print("""
                BLAS core \(BLAS.coreName); \(threads) threads: sgemm on \(threads) OpenBLAS threads, the model on \(workers) workers x \(modelBlasThreads) OpenBLAS thread\(modelBlasThreads == 1 ? "" : "s")
                \(formatFixed(flops / 1e9, 4)) GFLOP per image; medians of \(max(1, repeats)) interleaved rounds
                sgemm 1024^3            \(formatFixed(sgemmGFLOPS, 1)) GFLOPS
                inference batch 1       \(formatFixed(inference1, 1)) images/s  \(formatFixed(inference1 * flops / 1e9, 1)) GFLOPS  (\(formatFixed(inference1 / sgemmPath1, 2)) x sgemm path)
                inference batch 64      \(formatFixed(inference64, 1)) images/s  \(formatFixed(inferenceGFLOPS, 1)) GFLOPS  (\(formatFixed(inferenceGFLOPS / sgemmGFLOPS, 2)) x sgemm, \(formatFixed(inference64 / sgemmPath64, 2)) x sgemm path)
                  sgemm path, batch 1   \(formatFixed(sgemmPath1, 1)) images/s   (the plan without the \(ConvKernelLevel.best) C kernels)
                  sgemm path, batch 64  \(formatFixed(sgemmPath64, 1)) images/s
                training batch 32       \(formatFixed(training, 1)) images/s  \(formatFixed(trainingGFLOPS, 1)) GFLOPS  (\(formatFixed(trainingGFLOPS / sgemmGFLOPS, 2)) x sgemm)
                """)
            InferenceBenchmark.printInferenceTable(inferenceSteps)
            for d in decode { print("JPEG decode \(d.name)".padding(toLength: 34, withPad: " ", startingAt: 0) + "\(formatFixed(d.milliseconds, 3)) ms") }
            if let predict {
                print("predict \(predict.films) films, pipeline  \(formatFixed(predict.pipeline, 1)) films/s  (\(formatFixed(predict.pipeline / predict.sequential, 2)) x decode-all-then-score)")
                print("predict, decode all then score  \(formatFixed(predict.sequential, 1)) films/s")
            }
        }
    }
}
