import Testing
@testable import NeuralNet

/// The C kernels (Winograd F(2x2,3x3) and the direct single-channel 3x3), at every instruction-set
/// level this CPU runs, against the naive convolution followed by the naive bias, ReLU and 2x2 pool.
/// Winograd's transforms add and subtract up to 36 terms, with coefficients up to 8 for F(4x4),
/// before and after the products, so its float error is larger than the direct sum's: 5e-5 of the
/// output's scale for F(2x2), 1e-3 for F(4x4) (measured up to 3.4e-4; a wrong transform is O(1)).
@Suite("C convolution kernels")
struct ConvKernelsTests {
    static let levels = ConvKernelLevel.allCases.filter { $0 <= .best }
    static func tolerance(tile m: Int) -> Float { m == 2 ? 5e-5 : 1e-3 }

    /// (C, H, W) -> (H, W, C) for one image.
    static func channelsLast(_ x: [Float], channels C: Int, positions P: Int) -> [Float] {
        var out = x
        for c in 0..<C { for p in 0..<P { out[p * C + c] = x[c * P + p] } }
        return out
    }

    /// The naive reference: conv (Conv2D.naiveForward), + bias, ReLU, 2x2 max pool; channels-last result.
    static func reference(x: [Float], images n: Int, _ g: ConvGeometry, outChannels OC: Int, weight: [Float],
                          bias: [Float], relu: Bool, pool: Bool) -> [Float] {
        let conv = Conv2D.naiveForward(x: x, batch: n, geometry: g, outChannels: OC, weight: weight, bias: bias)
        let OH = g.outHeight, OW = g.outWidth, PH = pool ? OH / 2 : OH, PW = pool ? OW / 2 : OW
        var out = [Float](repeating: 0, count: n * PH * PW * OC)
        for i in 0..<n { for oc in 0..<OC { for ph in 0..<PH { for pw in 0..<PW {
            var v = -Float.infinity
            for dy in 0..<(pool ? 2 : 1) { for dx in 0..<(pool ? 2 : 1) {
                let oh = pool ? 2 * ph + dy : ph, ow = pool ? 2 * pw + dx : pw
                v = max(v, conv[((i * OC + oc) * OH + oh) * OW + ow])
            } }
            out[((i * PH + ph) * PW + pw) * OC + oc] = relu ? max(v, 0) : v
        } } } }
        return out
    }

    /// Runs the Winograd kernel over `splits` contiguous tile ranges (as threads would), channels-last,
    /// and checks that two output-channel ranges give the same.
    static func winograd(_ level: ConvKernelLevel, tile m: Int, x: [Float], images n: Int, _ g: ConvGeometry, outChannels OC: Int,
                         weight: [Float], bias: [Float], relu: Bool, pool: Bool, splits: Int) -> [Float] {
        let P = g.height * g.width, inCount = g.channels * P
        var xl = [Float](repeating: 0, count: x.count)
        for i in 0..<n { xl.replaceSubrange((i * inCount)..<((i + 1) * inCount), with: channelsLast(Array(x[(i * inCount)..<((i + 1) * inCount)]), channels: g.channels, positions: P)) }
        let u = Winograd.transformWeights(weight, tile: m, channels: g.channels, outChannels: OC)
        var y = [Float](repeating: .nan, count: n * (pool ? P / 4 : P) * OC)
        var scratch = [Float](repeating: .nan, count: ConvKernels.winogradScratch(tile: m, channels: g.channels, outChannels: OC))
        let tiles = n * P / (m * m)
        for s in 0..<splits {
            ConvKernels.winograd(level, tile: m, xl, height: g.height, width: g.width, channels: g.channels, outChannels: OC, u: u,
                                 bias: bias, relu: relu, pool: pool, tiles: (tiles * s / splits)..<(tiles * (s + 1) / splits),
                                 scratch: &scratch, &y)
        }
        // Splitting output channels instead gives the same result.
        if OC >= 32 {
            var byChannels = [Float](repeating: .nan, count: y.count)
            for oc in [0..<16, 16..<OC] {
                ConvKernels.winograd(level, tile: m, xl, height: g.height, width: g.width, channels: g.channels, outChannels: OC, u: u,
                                     bias: bias, relu: relu, pool: pool, tiles: 0..<tiles, outRange: oc, scratch: &scratch, &byChannels)
            }
            #expect(byChannels == y)
        }
        return y
    }

    @Test("Winograd F(2x2,3x3) and F(4x4,3x3) equal the naive convolution + bias + ReLU + pool, at every level, for all micro-kernel widths",
          arguments: [
              // (C, OC, H, W, images): OC 16 / 48 / 128 exercise the 16-, 32+16- and 64-wide micro-kernels;
              // tile counts that are not multiples of 6 or 12 exercise the padded last block.
              (16, 16, 6, 4, 1), (16, 48, 10, 14, 2), (32, 64, 12, 12, 3), (64, 128, 8, 8, 2), (128, 16, 4, 6, 1),
              (16, 32, 8, 12, 1), (48, 96, 20, 16, 2),
          ])
    func winogradMatchesNaive(shape: (Int, Int, Int, Int, Int)) {
        let (C, OC, H, W, n) = shape
        let g = ConvGeometry(channels: C, height: H, width: W, kernel: 3, stride: 1, padding: 1)
        let x = randomArray(n * C * H * W, seed: 1), w = randomArray(OC * C * 9, seed: 2), b = randomArray(OC, seed: 3)
        #expect(Winograd.tile(g, outChannels: OC) == (H % 4 == 0 && W % 4 == 0 ? 4 : 2))
        for m in [2, 4] where H % m == 0 && W % m == 0 {
            for level in Self.levels {
                for (relu, pool) in [(true, true), (false, false), (true, false), (false, true)] {
                    let expected = Self.reference(x: x, images: n, g, outChannels: OC, weight: w, bias: b, relu: relu, pool: pool)
                    for splits in [1, 3] {
                        let got = Self.winograd(level, tile: m, x: x, images: n, g, outChannels: OC, weight: w, bias: b,
                                                relu: relu, pool: pool, splits: splits)
                        #expect(maxRelativeError(got, expected) < Self.tolerance(tile: m), "F\(m) \(level) C \(C) OC \(OC) relu \(relu) pool \(pool) splits \(splits)")
                    }
                }
            }
        }
    }

    @Test("Winograd on the shipped network's conv shapes (16->32 @64 ... 128->128 @8) equals the naive convolution",
          arguments: [(16, 32, 64), (32, 64, 32), (64, 128, 16), (128, 128, 8)])
    func winogradShippedShapes(shape: (Int, Int, Int)) {
        let (C, OC, S) = shape
        let g = ConvGeometry(channels: C, height: S, width: S, kernel: 3, stride: 1, padding: 1)
        // He-scaled weights and ReLU-like inputs, as in the trained network.
        let x = randomArray(C * S * S, seed: 4, range: 0...1)
        let w = randomArray(OC * C * 9, seed: 5, range: -0.1...0.1), b = randomArray(OC, seed: 6, range: -0.1...0.1)
        let pool = OC != C
        let expected = Self.reference(x: x, images: 1, g, outChannels: OC, weight: w, bias: b, relu: true, pool: pool)
        for m in [2, 4] {
            for level in Self.levels {
                let got = Self.winograd(level, tile: m, x: x, images: 1, g, outChannels: OC, weight: w, bias: b, relu: true, pool: pool, splits: 2)
                #expect(maxRelativeError(got, expected) < Self.tolerance(tile: m), "F\(m) \(level) \(C)->\(OC) @\(S)")
            }
        }
    }

    @Test("the direct single-channel 3x3 + pool kernel equals the naive convolution + bias + ReLU + pool, at every level")
    func directMatchesNaive() {
        for (OC, H, W, n) in [(16, 128, 128, 1), (32, 6, 10, 3)] {
            let g = ConvGeometry(channels: 1, height: H, width: W, kernel: 3, stride: 1, padding: 1)
            let x = randomArray(n * H * W, seed: 7), w = randomArray(OC * 9, seed: 8), b = randomArray(OC, seed: 9)
            let taps = InferencePlan.channelsLastColumns(w, outChannels: OC, g)   // (9, OC)
            for level in Self.levels {
                for relu in [true, false] {
                    let expected = Self.reference(x: x, images: n, g, outChannels: OC, weight: w, bias: b, relu: relu, pool: true)
                    var y = [Float](repeating: .nan, count: n * H * W / 4 * OC)
                    var scratch = [Float](repeating: .nan, count: 4 * (W + 2))
                    let rows = n * H / 2
                    for (lo, hi) in [(0, rows / 3), (rows / 3, rows)] {
                        ConvKernels.directConv1Pool(level, x, height: H, width: W, outChannels: OC, w: taps, bias: b, relu: relu,
                                                    rows: lo..<hi, scratch: &scratch, &y)
                    }
                    #expect(maxRelativeError(y, expected) < 1e-5, "\(level) OC \(OC) \(H)x\(W) relu \(relu)")
                }
            }
        }
    }

    @Test("the fused plan on the shipped architecture (1x128x128) equals the layer-by-layer reference at every kernel level and batch size")
    func shippedNetworkMatchesReference() throws {
        let architecture = """
            conv out=16 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2; conv out=32 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2; \
            conv out=64 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2; conv out=128 k=3 s=1 p=1 bias=0; bn; relu; maxpool k=2 s=2; \
            conv out=128 k=3 s=1 p=1 bias=0; bn; relu; gap; dropout p=0.3; dense out=1 bias=1
            """
        let input = [1, 128, 128]
        let net = try InferencePlanTests.network(architecture, input: input, seed: 50)
        let plan = try #require(InferencePlan(network: net))
        let kernels = plan.steps.compactMap { step -> String? in if case .conv(let c) = step { return c.fast.map { "\($0)" } } else { return nil } }
        #expect(kernels.count == 5 && kernels[0].hasPrefix("directPool") && kernels.dropFirst().allSatisfy { $0.hasPrefix("winograd") })
        for batch in [1, 3, 17] {
            let x = Tensor(shape: [batch] + input, storage: randomArray(batch * 128 * 128, seed: UInt64(60 + batch)))
            for level in Self.levels {
                net.convKernelLevel = level
                for workers in [1, 2] {
                    net.inferenceWorkersOverride = workers
                    let (fused, reference) = InferencePlanTests.both(net, x)
                    #expect(maxRelativeError(fused, reference) < 1e-4, "batch \(batch) \(level) workers \(workers)")
                }
            }
        }
        net.convKernelLevel = .best
        net.inferenceWorkersOverride = nil
    }
}
