import Imaging
import NeuralNet
import Numerics

/// Tests draw from the project's seeded generator.
typealias TestRNG = SplitMix64

func randomArray(_ n: Int, seed: UInt64, range: ClosedRange<Float> = -1...1) -> [Float] {
    var rng = TestRNG(seed: seed)
    return (0..<n).map { _ in Float.random(in: range, using: &rng) }
}

/// Largest |a - b| / max(floor, |a|, |b|) over two arrays; the default floor is 1% of b's largest magnitude,
/// so entries that are small only through cancellation are judged against the array's scale.
func maxRelativeError(_ a: [Float], _ b: [Float], floor: Float? = nil) -> Float {
    precondition(a.count == b.count)
    let floor = floor ?? max(1e-6, 1e-2 * (b.map(abs).max() ?? 0))
    var worst: Float = 0
    for i in 0..<a.count { worst = max(worst, abs(a[i] - b[i]) / max(floor, abs(a[i]), abs(b[i]))) }
    return worst
}

/// Runs one layer over plain arrays (an extra trailing parameter keeps pointers non-nil for parameterless layers).
struct LayerRunner {
    let layer: any Layer
    let batch: Int
    var dropoutSeed: UInt64 = 7

    func forward(_ x: [Float], _ params: [Float], training: Bool = true) -> [Float] {
        var y = [Float](repeating: 0, count: batch * layer.outputCount)
        var rng = TestRNG(seed: dropoutSeed)  // reseeded each call: dropout sees the same mask
        let p = params + [0]
        x.withUnsafeBufferPointer { xb in
            p.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { yb in
                    layer.forward(input: xb.baseAddress!, output: yb.baseAddress!, batch: batch,
                                  parameters: pb.baseAddress!, training: training, rng: &rng)
                }
            }
        }
        return y
    }

    /// Forward in training mode, then backward with dy; returns (y, dx, dParams).
    /// dx starts as garbage (NaN) because backward must overwrite every element of it.
    func backward(_ x: [Float], _ params: [Float], dy: [Float]) -> (y: [Float], dx: [Float], dParams: [Float]) {
        let y = forward(x, params)
        var dx = [Float](repeating: .nan, count: x.count)
        var g = [Float](repeating: 0, count: params.count + 1)
        let p = params + [0]
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                dy.withUnsafeBufferPointer { dyb in
                    p.withUnsafeBufferPointer { pb in
                        dx.withUnsafeMutableBufferPointer { dxb in
                            g.withUnsafeMutableBufferPointer { gb in
                                layer.backward(input: xb.baseAddress!, output: yb.baseAddress!, dOutput: dyb.baseAddress!,
                                               dInput: dxb.baseAddress!, batch: batch, parameters: pb.baseAddress!,
                                               gradients: gb.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        return (y, dx, Array(g.dropLast()))
    }
}

/// Central-difference check of a scalar function's gradient at sampled coordinates; returns the worst relative error.
func finiteDifferenceError(at point: [Float], analytic: [Float], samples: Int = 24, eps: Float = 1e-2, seed: UInt64 = 99,
                           floor: Float = 1e-2, loss: ([Float]) -> Double) -> Float {
    precondition(point.count == analytic.count)
    if point.isEmpty { return 0 }
    var rng = TestRNG(seed: seed)
    var indices = Array(0..<point.count)
    indices.shuffle(using: &rng)
    var worst: Float = 0
    for i in indices.prefix(samples) {
        var plus = point, minus = point
        plus[i] += eps
        minus[i] -= eps
        let numeric = Float((loss(plus) - loss(minus)) / Double(plus[i] - minus[i]))
        let err = abs(numeric - analytic[i]) / max(floor, abs(numeric), abs(analytic[i]))
        worst = max(worst, err)
    }
    return worst
}

/// Checks dL/dx and dL/dθ of L = Σ r·layer(x, θ) for a random fixed r; returns the worst errors.
func layerGradientErrors(_ layer: any Layer, batch: Int, x: [Float], params: [Float], eps: Float = 1e-2) -> (input: Float, params: Float) {
    let runner = LayerRunner(layer: layer, batch: batch)
    let r = randomArray(batch * layer.outputCount, seed: 1234)
    let (_, dx, dp) = runner.backward(x, params, dy: r)
    func loss(_ y: [Float]) -> Double { zip(y, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
    let ex = finiteDifferenceError(at: x, analytic: dx, eps: eps) { loss(runner.forward($0, params)) }
    let ep = finiteDifferenceError(at: params, analytic: dp, eps: eps) { loss(runner.forward(x, $0)) }
    return (ex, ep)
}

/// Parameters initialised the way a network would, plus a perturbation so biases and BN affine terms are non-trivial.
func initialParameters(_ layer: any Layer, seed: UInt64) -> [Float] {
    var p = [Float](repeating: 0, count: layer.parameterCount + 1)
    var rng = TestRNG(seed: seed)
    p.withUnsafeMutableBufferPointer { layer.initializeParameters($0.baseAddress!, rng: &rng) }
    let noise = randomArray(layer.parameterCount, seed: seed + 1, range: -0.3...0.3)
    return zip(p.dropLast(), noise).map { $0 + $1 }
}
