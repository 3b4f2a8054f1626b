import Classifier
import Dispatch
import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import Numerics
import Storage
import Training
import Workflows
import JSONWriter

/// The measurements behind `lightbox bench`: per-step inference profiles, the layer table of a
/// training step, predict's films/s, JPEG decode times and the sgemm reference, each timed in
/// this process so that the ratios printed beside them compare like with like.
public enum InferenceBenchmark {
    /// One `lightbox bench` run: sgemm, inference at batch 1 and 64 with and without the C
    /// kernels, a training step, decode times and (with a folder) predict, interleaved rounds.
    public struct Run {
        public var modelPath: String?
        public var repeats: Int
        public var threads: Int?
        public var modelBlasThreads: Int
        public var predictFolder: String?
        /// One JSON object instead of the table.
        public var json = false
        /// Also the per-layer table of a training step.
        public var layers = false

        public init(modelPath: String?, repeats: Int, threads: Int?, modelBlasThreads: Int, predictFolder: String?) {
            (self.modelPath, self.repeats, self.threads) = (modelPath, repeats, threads)
            (self.modelBlasThreads, self.predictFolder) = (modelBlasThreads, predictFolder)
        }

        /// Measures and prints.
        public func execute() throws {
            let threads = max(1, threads ?? Parallel.workers)
            let modelBlasThreads = min(max(1, modelBlasThreads), threads)
            Parallel.workers = modelBlasThreads == 1 ? threads : 1
            // Three copies of one network: inference with the C kernels, inference on the sgemm path,
            // and training (whose updates would otherwise force a plan rebuild into every inference timing).
            func load() throws -> (Network, Int) {
                if let loaded = try? ModelLoader.load(modelPath) { return (loaded.network, loaded.preprocessing.inputSize) }
                if modelPath != nil { _ = try ModelLoader.load(modelPath) }
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
                let s = seconds { sgemm1024() }
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
            let inferenceSteps = json ? [] : inferenceSteps([inference, sgemmPath], x1: x1, x64: x64, rounds: max(1, repeats))
            if layers && !json {
                let clock = LayerClock(layers: network.layers.count, now: { DispatchTime.now().uptimeNanoseconds })
                network.layerClock = clock
                let steps = max(1, repeats)
                for _ in 0..<steps {
                    network.zeroGradients()
                    let y = network.forward(xTrain, training: true, rng: &dropout)
                    network.backward(Tensor(shape: y.shape, storage: Loss.binaryCrossEntropy(logits: y.storage, targets: targets).dLogits))
                }
                network.layerClock = nil
                printLayerTable(network, clock, images: 32 * steps)
            }
            network.parameters = saved

            let decode = decodeTimes(repeats: repeats)
            let predict = try predictFolder.map { try predictRates(folder: $0, model: try ModelLoader.load(modelPath), rounds: max(1, repeats / 2)) }

            let sgemmGFLOPS = 2 * pow(1024, 3) / median(sgemmTimes) / 1e9
            let inference1 = 1 / median(singleTimes), inference64 = 64 / median(batchedTimes), training = 32 / median(trainTimes)
            let sgemmPath1 = 1 / median(sgemmPathSingle), sgemmPath64 = 64 / median(sgemmPathBatched)
            let inferenceGFLOPS = inference64 * flops / 1e9, trainingGFLOPS = training * 3 * flops / 1e9
            let workers = Parallel.workers
            if json {
                var o = JSONObject()
                o.string("blas_core", BLAS.coreName)
                o.integer("threads", threads); o.integer("workers", workers); o.integer("model_blas_threads", modelBlasThreads)
                o.number("gflop_per_image", flops / 1e9, format: "%.4f")
                for (key, value) in [("sgemm_gflops", sgemmGFLOPS), ("inference_images_per_s_batch1", inference1),
                                     ("inference_images_per_s", inference64), ("inference_gflops", inferenceGFLOPS),
                                     ("training_images_per_s", training)] { o.number(key, value, format: "%.1f") }
                o.string("conv_kernels", "\(ConvKernelLevel.best)")
                for (key, value) in [("sgemm_path_images_per_s_batch1", sgemmPath1), ("sgemm_path_images_per_s", sgemmPath64),
                                     ("training_gflops", trainingGFLOPS)] { o.number(key, value, format: "%.1f") }
                for d in decode { o.number("decode_ms_\(d.name)", d.milliseconds, format: "%.3f") }
                if let predict {
                    o.integer("predict_films", predict.films)
                    o.number("predict_films_per_s", predict.pipeline, format: "%.1f")
                    o.number("predict_sequential_films_per_s", predict.sequential, format: "%.1f")
                }
                o.number("inference_vs_sgemm", inferenceGFLOPS / sgemmGFLOPS, format: "%.3f")
                o.number("training_vs_sgemm", trainingGFLOPS / sgemmGFLOPS, format: "%.3f")
                print(o.text)
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
                printInferenceTable(inferenceSteps)
                for d in decode { print("JPEG decode \(d.name)".padding(toLength: 34, withPad: " ", startingAt: 0) + "\(formatFixed(d.milliseconds, 3)) ms") }
                if let predict {
                    print("predict \(predict.films) films, pipeline  \(formatFixed(predict.pipeline, 1)) films/s  (\(formatFixed(predict.pipeline / predict.sequential, 2)) x decode-all-then-score)")
                    print("predict, decode all then score  \(formatFixed(predict.sequential, 1)) films/s")
                }
            }
        }
    }

    /// Per step of the inference plan: wall ms per image at batch 1 and 64, with the C kernels and
    /// without (the sgemm path): `networks` are the two. Rows follow the C-kernel plan; both plans have the same steps.
    public static func inferenceSteps(_ networks: [Network], x1: Tensor, x64: Tensor, rounds: Int)
        -> [(name: String, ms: [Double])] {
        var columns: [[(name: String, seconds: Double)]] = []
        for network in networks {
            for (x, n) in [(x1, 20 * rounds), (x64, rounds)] { columns.append(network.inferenceProfile(x, rounds: n, now: { DispatchTime.now().uptimeNanoseconds }) ?? []) }
        }
        guard let rows = columns.first, columns.allSatisfy({ $0.count == rows.count }) else { return [] }
        return rows.indices.map { i in (rows[i].name, columns.map { $0[i].seconds * 1000 }) }
    }

    public static func printInferenceTable(_ rows: [(name: String, ms: [Double])]) {
        guard !rows.isEmpty else { return }
        print("inference step (ms per image, wall)         C kernels: b1     b64   sgemm path: b1     b64")
        for row in rows + [("total", (0..<4).map { c in rows.reduce(0) { $0 + $1.ms[c] } })] {
            print(row.name.padding(toLength: 44, withPad: " ", startingAt: 0) + row.ms.map { " \(formatFixed($0, 4))".leftPad(9) }.joined())
        }
    }

    /// Per layer: milliseconds per image in forward and backward, and the GFLOPS of each (backward = 2x forward FLOPs).
    public static func printLayerTable(_ network: Network, _ clock: LayerClock, images: Int) {
        print("layer (training batch 32)          fwd ms/img  GFLOPS   bwd ms/img  GFLOPS")
        let specs = network.specs.map { LayerSpec.text(of: [$0]) }
        for (i, layer) in network.layers.enumerated() {
            let f = clock.forwardSeconds[i] / Double(images), b = clock.backwardSeconds[i] / Double(images)
            let flops = Double(layer.flopsPerItem)
            let name = "\(i) \(specs[i]) \(layer.outputShape)".padding(toLength: 34, withPad: " ", startingAt: 0)
            print(name + " \(formatFixed(f * 1000, 4))".leftPad(11) + " \(formatFixed(flops / f / 1e9, 1))".leftPad(7)
                  + " \(formatFixed(b * 1000, 4))".leftPad(12) + " \(formatFixed(2 * flops / b / 1e9, 1))".leftPad(7))
        }
        let f = clock.forwardSeconds.reduce(0, +) / Double(images), b = clock.backwardSeconds.reduce(0, +) / Double(images)
        print("total".padding(toLength: 34, withPad: " ", startingAt: 0) + " \(formatFixed(f * 1000, 4))".leftPad(11) + "".leftPad(7)
              + " \(formatFixed(b * 1000, 4))".leftPad(12))
    }

    /// predict's films/s on `folder` (all test-time views, checksums, no printing): the pipeline,
    /// and the former shape (decode every film, then score them all), interleaved, medians of `rounds`.
    public static func predictRates(folder: String, model: PneumoniaModel, rounds: Int) throws
        -> (films: Int, pipeline: Double, sequential: Double) {
        let size = model.preprocessing.inputSize
        var scanner = FilmLoader(fittingAtLeast: (size, size))
        let cases = scanner.scan([folder])
        guard !cases.isEmpty else { throw CommandFailure("--predict-folder \(folder): no JPEG films found") }
        var pipelined: [Double] = [], sequential: [Double] = []
        for round in 0...rounds {
            var loader = scanner
            let p = seconds { PredictPipeline.run(cases, loader: &loader, model: model, checksums: true) { _ in } }
            let s = seconds {
                var loader = scanner
                let films = loader.load(cases, progressLabel: nil)
                _ = model.probabilities(images: films.map(\.image))
                _ = films.map { (try? SHA256.hexDigestOfFile(path: $0.absolutePath)) ?? "" }
            }
            if round > 0 { pipelined.append(p); sequential.append(s) }
        }
        return (cases.count, Double(cases.count) / median(pipelined), Double(cases.count) / median(sequential))
    }

    /// Grey decode times of phantom films encoded at quality 90: 224x224 and 3000x2500, at full
    /// scale and at 1/8 (TurboJPEG's scaled decode).
    public static func decodeTimes(repeats: Int) -> [(name: String, milliseconds: Double)] {
        var out: [(String, Double)] = []
        for (w, h) in [(224, 224), (3000, 2500)] {
            guard let bytes = try? JPEGCodec.encodeGray(ChestPhantom.render(width: w, height: h, seed: 7, pneumonia: true), quality: 90)
            else { continue }
            for (label, wanted) in [("full", nil), ("eighth", (w / 8, h / 8))] as [(String, (width: Int, height: Int)?)] {
                let seconds = medianSeconds(repeats * 4) { _ = try? JPEGCodec.decodeGray(bytes, fittingAtLeast: wanted) }
                out.append(("\(w)x\(h)_\(label)", seconds * 1000))
            }
        }
        return out
    }

    /// One 1024x1024x1024 sgemm on fixed buffers.
    public static func sgemm1024() {
        let n = 1024
        let a = SgemmBuffers.shared
        a.a.withUnsafeBufferPointer { pa in
            a.b.withUnsafeBufferPointer { pb in
                a.c.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: pa.baseAddress!, lda: n,
                               b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }
}


/// Operand buffers for the sgemm reference, allocated once.
final class SgemmBuffers: @unchecked Sendable {
    static let shared = SgemmBuffers()
    let a = [Float](repeating: 0.5, count: 1024 * 1024)
    let b = [Float](repeating: 0.25, count: 1024 * 1024)
    var c = [Float](repeating: 0, count: 1024 * 1024)
}

/// Median wall-clock seconds of `repeats` runs of `body` after one warm-up run.
public func medianSeconds(_ repeats: Int, _ body: () -> Void) -> Double {
    body()
    return median((0..<max(1, repeats)).map { _ in seconds(body) })
}

/// Wall-clock seconds of one run of `body`.
func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The middle value (upper middle for an even count); `values` must not be empty.
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// `x` with `digits` decimals.
func formatFixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
