import Classifier
import Dispatch
import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import Storage

/// The measurements behind `lightbox bench`: per-step inference profiles, the layer table of a
/// training step, predict's films/s, JPEG decode times and the sgemm reference, each timed in
/// this process so that the ratios printed beside them compare like with like.
public enum InferenceBenchmark {
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
public func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The middle value (upper middle for an even count); `values` must not be empty.
public func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// `x` with `digits` decimals.
public func formatFixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

extension String {
    public func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
