import Testing
@testable import NeuralNet

@Suite("Conv2D")
struct Conv2DTests {
    struct Case: Sendable, CustomStringConvertible {
        var c: Int, h: Int, w: Int, oc: Int, k: Int, s: Int, p: Int, batch: Int, bias: Bool
        var description: String { "C\(c) \(h)x\(w) OC\(oc) k\(k) s\(s) p\(p) B\(batch) bias=\(bias)" }
    }

    static let cases: [Case] = [
        Case(c: 3, h: 7, w: 9, oc: 5, k: 3, s: 1, p: 1, batch: 3, bias: true),
        Case(c: 3, h: 7, w: 9, oc: 5, k: 3, s: 1, p: 0, batch: 3, bias: false),
        Case(c: 2, h: 9, w: 8, oc: 4, k: 3, s: 2, p: 1, batch: 2, bias: true),
        Case(c: 2, h: 9, w: 8, oc: 4, k: 3, s: 2, p: 0, batch: 2, bias: false),
        Case(c: 4, h: 5, w: 5, oc: 3, k: 1, s: 1, p: 0, batch: 2, bias: true),
        Case(c: 1, h: 5, w: 6, oc: 2, k: 5, s: 1, p: 2, batch: 1, bias: true),
        // 47x47 outputs exceed the grouping target, so this takes the one-image-per-sgemm path
        // (with batch-parallel workers, in bands of 10 output rows).
        Case(c: 1, h: 47, w: 47, oc: 3, k: 3, s: 1, p: 1, batch: 2, bias: true),
        // Stride 2 with 25x21 outputs: two bands of output rows whose input rows overlap.
        Case(c: 2, h: 50, w: 41, oc: 3, k: 3, s: 2, p: 1, batch: 2, bias: false),
        // Many small images: several sgemm groups, so batch-parallel workers each take some.
        Case(c: 2, h: 4, w: 4, oc: 3, k: 3, s: 1, p: 1, batch: 300, bias: true),
    ]

    @Test("im2col forward and backward match the naive direct convolution, serial and batch-parallel",
          arguments: cases, [1, 3])
    func matchesNaive(_ t: Case, workers: Int) throws {
        let layer = try Conv2D(inputShape: [t.c, t.h, t.w], outChannels: t.oc, kernel: t.k, stride: t.s, padding: t.p, bias: t.bias)
        layer.batchWorkersOverride = workers
        let g = layer.geometry
        let x = randomArray(t.batch * t.c * t.h * t.w, seed: 11)
        let params = initialParameters(layer, seed: 12)
        let weight = Array(params[0..<(t.oc * g.columnRows)])
        let bias = t.bias ? Array(params[(t.oc * g.columnRows)...]) : nil
        let runner = LayerRunner(layer: layer, batch: t.batch)
        let dy = randomArray(t.batch * layer.outputCount, seed: 13)
        let (y, dx, dp) = runner.backward(x, params, dy: dy)
        let yRef = Conv2D.naiveForward(x: x, batch: t.batch, geometry: g, outChannels: t.oc, weight: weight, bias: bias)
        #expect(maxRelativeError(y, yRef) < 1e-4)
        let ref = Conv2D.naiveBackward(x: x, dy: dy, batch: t.batch, geometry: g, outChannels: t.oc, weight: weight)
        #expect(maxRelativeError(dx, ref.dx) < 1e-4)
        #expect(maxRelativeError(Array(dp[0..<weight.count]), ref.dw) < 1e-4)
        if t.bias { #expect(maxRelativeError(Array(dp[weight.count...]), ref.db) < 1e-4) }
    }

    @Test("a window larger than the padded input is rejected with a reason")
    func rejectsBadGeometry() {
        #expect(throws: ArchitectureError.self) { try Conv2D(inputShape: [1, 2, 2], outChannels: 1, kernel: 5) }
        #expect(throws: ArchitectureError.self) { try Conv2D(inputShape: [4], outChannels: 1, kernel: 1) }
    }

    @Test("FLOPs per image are 2 * OC * C*K*K * OH*OW")
    func flops() throws {
        let layer = try Conv2D(inputShape: [16, 64, 64], outChannels: 32, kernel: 3, stride: 1, padding: 1)
        #expect(layer.flopsPerItem == 2 * 32 * 144 * 4096)
    }
}

@Suite("MaxPool2D")
struct MaxPool2DTests {
    /// Direct 2-D max pooling: value and first row-major argmax per window.
    func naivePool(_ x: [Float], planes: Int, h: Int, w: Int, k: Int, s: Int) -> ([Float], [Int]) {
        let oh = (h - k) / s + 1, ow = (w - k) / s + 1
        var y: [Float] = [], arg: [Int] = []
        for p in 0..<planes { for i in 0..<oh { for j in 0..<ow {
            var best = -Float.infinity, at = -1
            for a in 0..<k { for b in 0..<k where x[p * h * w + (i * s + a) * w + j * s + b] > best {
                best = x[p * h * w + (i * s + a) * w + j * s + b]; at = (i * s + a) * w + j * s + b
            } }
            y.append(best); arg.append(p * h * w + at)
        } } }
        return (y, arg)
    }

    @Test("2x2 stride-2 pooling and its backward (vectorised paths) match the direct loop, ties and odd sizes included")
    func matchesNaive() throws {
        let (c, h, w, batch) = (3, 9, 37, 2)
        let layer = try MaxPool2D(inputShape: [c, h, w], kernel: 2, stride: 2)
        var rng = TestRNG(seed: 31)
        // Few distinct values so ties are common.
        let x = (0..<(batch * c * h * w)).map { _ in Float(Int.random(in: 0..<4, using: &rng)) }
        let runner = LayerRunner(layer: layer, batch: batch)
        let dy = randomArray(batch * layer.outputCount, seed: 32)
        let (y, dx, _) = runner.backward(x, [], dy: dy)
        let (yRef, argRef) = naivePool(x, planes: batch * c, h: h, w: w, k: 2, s: 2)
        #expect(y == yRef)
        var dxRef = [Float](repeating: 0, count: x.count)
        for (o, i) in argRef.enumerated() { dxRef[i] += dy[o] }
        #expect(dx == dxRef)
    }
}
