import Imaging
import Testing
@testable import NeuralNet

@Suite("Fused inference plan", .serialized)
struct InferencePlanTests {
    /// A network with random weights and random BN statistics (some gammas negative), so folding is exercised.
    static func network(_ architecture: String, input: [Int], seed: UInt64) throws -> Network {
        var rng = TestRNG(seed: seed)
        let net = try Network(architecture: architecture, inputShape: input, rng: &rng)
        for i in net.parameters.indices { net.parameters[i] += Float.random(in: -0.3...0.3, using: &rng) }
        for layer in net.layers {
            guard let bn = layer as? BatchNorm2D else { continue }
            _ = bn.setBuffer(named: "running_mean", to: (0..<bn.channels).map { _ in Float.random(in: -1...1, using: &rng) })
            _ = bn.setBuffer(named: "running_var", to: (0..<bn.channels).map { _ in Float.random(in: 0.2...3, using: &rng) })
        }
        return net
    }

    /// Inference output of the fused plan and of the layer-by-layer reference path.
    static func both(_ net: Network, _ x: Tensor) -> (fused: [Float], reference: [Float]) {
        var rng = TestRNG(seed: 0)
        net.usesFusedInference = true
        let fused = net.forward(x, training: false, rng: &rng).storage
        net.usesFusedInference = false
        let reference = net.forward(x, training: false, rng: &rng).storage
        net.usesFusedInference = true
        return (fused, reference)
    }

    static let architectures: [(String, [Int])] = [
        // The shipped shape, scaled down: direct first layer, BN folding, ReLU+pool epilogues, GAP, dense.
        ("conv out=4 k=3 s=1 p=1 bias=0\nbn\nrelu\nmaxpool k=2 s=2\nconv out=6 k=3 s=1 p=1 bias=0\nbn\nrelu\nmaxpool k=2 s=2\nconv out=8 k=3 s=1 p=1 bias=0\nbn\nrelu\ngap\ndropout p=0.3\ndense out=1 bias=1", [1, 20, 20]),
        // Odd sizes (floor pooling), conv bias without BN, conv without ReLU, multi-channel input, dense on a map.
        ("conv out=3 k=3 s=1 p=1 bias=1\nmaxpool k=2 s=2\nconv out=5 k=3 s=2 p=0 bias=1\nrelu\ndense out=3 bias=1", [2, 13, 11]),
        // A direct first layer without pooling, BN without ReLU.
        ("conv out=2 k=3 s=1 p=1 bias=1\nbn\nconv out=4 k=5 s=1 p=2 bias=0\nbn\nrelu\nmaxpool k=2 s=2\ngap\ndense out=2 bias=0", [1, 9, 17]),
        // Maps over 1,024 positions, done in bands of output rows: pooled with an odd height, and unpooled.
        ("conv out=3 k=3 s=1 p=1 bias=0\nbn\nrelu\nmaxpool k=2 s=2\ngap\ndense out=1 bias=1", [2, 41, 40]),
        ("conv out=2 k=3 s=1 p=1 bias=1\nrelu\ngap\ndense out=1 bias=1", [3, 35, 37]),
    ]

    @Test("the fused plan matches the layer-by-layer forward on several architectures and batch sizes")
    func matchesReference() throws {
        for (a, (architecture, input)) in Self.architectures.enumerated() {
            let net = try Self.network(architecture, input: input, seed: UInt64(20 + a))
            for batch in [1, 5, 8, 19] {
                let x = Tensor(shape: [batch] + input, storage: randomArray(batch * input.reduce(1, *), seed: UInt64(batch)))
                let (fused, reference) = Self.both(net, x)
                #expect(maxRelativeError(fused, reference) < 1e-4, "architecture \(a), batch \(batch)")
            }
        }
    }

    @Test("batch-parallel workers give the same outputs as one worker, whatever the batch around an image")
    func workersAgree() throws {
        let (architecture, input) = Self.architectures[0]
        let net = try Self.network(architecture, input: input, seed: 30)
        let x = Tensor(shape: [37] + input, storage: randomArray(37 * input.reduce(1, *), seed: 31))
        var rng = TestRNG(seed: 0)
        net.inferenceWorkersOverride = 3
        let parallel = net.forward(x, training: false, rng: &rng).storage
        net.inferenceWorkersOverride = 1
        let serial = net.forward(x, training: false, rng: &rng).storage
        #expect(maxRelativeError(parallel, serial) < 1e-6)
        // Each image's output does not depend on which others share its batch.
        let single = Tensor(shape: [1] + input, storage: Array(x.storage[0..<input.reduce(1, *)]))
        let alone = net.forward(single, training: false, rng: &rng).storage
        #expect(maxRelativeError(alone, [serial[0]]) < 1e-5)
    }

    @Test("changing parameters or BN statistics after an inference pass rebuilds the folded weights")
    func followsParameterChanges() throws {
        let (architecture, input) = Self.architectures[0]
        let net = try Self.network(architecture, input: input, seed: 40)
        let x = Tensor(shape: [4] + input, storage: randomArray(4 * input.reduce(1, *), seed: 41))
        let before = Self.both(net, x).fused
        net.parameters[0] += 0.5
        let (afterWeights, referenceWeights) = Self.both(net, x)
        #expect(afterWeights != before)
        #expect(maxRelativeError(afterWeights, referenceWeights) < 1e-4)
        // A training pass moves the running statistics only.
        var rng = TestRNG(seed: 1)
        _ = net.forward(x, training: true, rng: &rng)
        let (afterStats, referenceStats) = Self.both(net, x)
        #expect(afterStats != afterWeights)
        #expect(maxRelativeError(afterStats, referenceStats) < 1e-4)
    }

    @Test("the direct single-channel 3x3 row kernel equals the naive correlation, for channel counts with and without a tail")
    func directRowKernel() {
        let W = 21, PW = W + 2
        let rows = randomArray(3 * PW, seed: 50)
        for OC in [3, 8, 16, 13] {
            let k = randomArray(9 * OC, seed: 51)   // (9, OC)
            var out = [Float](repeating: 0, count: W * OC)
            rows.withUnsafeBufferPointer { r in k.withUnsafeBufferPointer { kb in out.withUnsafeMutableBufferPointer { o in
                InferencePlan.directRow(r.baseAddress!, PW, kb.baseAddress!, width: W, channels: OC, o.baseAddress!)
            } } }
            for x in 0..<W {
                for oc in 0..<OC {
                    var s: Float = 0
                    for ki in 0..<3 { for kj in 0..<3 { s += k[(ki * 3 + kj) * OC + oc] * rows[ki * PW + x + kj] } }
                    #expect(abs(out[x * OC + oc] - s) < 1e-5, "OC \(OC), x \(x), oc \(oc)")
                }
            }
        }
    }

    @Test("the channels-last pooling epilogue equals the naive max-pool + bias + ReLU, channel tails and odd sizes included")
    func poolBlockKernel() {
        for (C, H, W) in [(3, 4, 6), (8, 2, 8), (13, 5, 7), (32, 4, 4)] {
            let conv = randomArray(H * W * C, seed: UInt64(60 + C)), bias = randomArray(C, seed: 61)
            let OH = H / 2, OW = W / 2
            for relu in [false, true] {
                var out = [Float](repeating: .nan, count: OH * OW * C)
                conv.withUnsafeBufferPointer { x in bias.withUnsafeBufferPointer { b in out.withUnsafeMutableBufferPointer { o in
                    InferencePlan.poolBlock(x.baseAddress!, rows: H, width: W, channels: C, bias: b.baseAddress!, relu: relu,
                                            o.baseAddress!, outHeight: OH, outWidth: OW)
                } } }
                for oh in 0..<OH { for ow in 0..<OW { for c in 0..<C {
                    func at(_ h: Int, _ w: Int) -> Float { conv[(h * W + w) * C + c] }
                    let v = max(at(2 * oh, 2 * ow), at(2 * oh, 2 * ow + 1), at(2 * oh + 1, 2 * ow), at(2 * oh + 1, 2 * ow + 1)) + bias[c]
                    #expect(out[(oh * OW + ow) * C + c] == (relu ? max(v, 0) : v))
                } } }
            }
        }
    }

    @Test("channels-last unrolling equals the (C, K, K) im2col with rows permuted, for strides, padding and edges")
    func channelsLastIm2col() {
        for (C, H, W, K, S, P) in [(2, 7, 6, 3, 1, 1), (3, 9, 8, 3, 2, 0), (1, 5, 5, 5, 1, 2), (4, 6, 9, 2, 2, 1)] {
            let g = ConvGeometry(channels: C, height: H, width: W, kernel: K, stride: S, padding: P)
            let x = randomArray(C * H * W, seed: UInt64(70 + C))   // (C, H, W)
            var xLast = [Float](repeating: 0, count: x.count)       // (H, W, C)
            for c in 0..<C { for p in 0..<(H * W) { xLast[p * C + c] = x[c * H * W + p] } }
            var reference = [Float](repeating: .nan, count: g.columnRows * g.positions)   // (C*K*K, P)
            var mine = [Float](repeating: .nan, count: g.columnRows * g.positions)        // (P, K*K*C)
            x.withUnsafeBufferPointer { xb in reference.withUnsafeMutableBufferPointer { r in
                im2col(xb.baseAddress!, g, r.baseAddress!, rowStride: g.positions)
            } }
            xLast.withUnsafeBufferPointer { xb in mine.withUnsafeMutableBufferPointer { m in
                im2colChannelsLast(xb.baseAddress!, g, outputRows: 0..<g.outHeight, m.baseAddress!)
            } }
            for p in 0..<g.positions { for c in 0..<C { for ki in 0..<K { for kj in 0..<K {
                #expect(mine[p * g.columnRows + (ki * K + kj) * C + c] == reference[((c * K + ki) * K + kj) * g.positions + p])
            } } } }
        }
    }
}
