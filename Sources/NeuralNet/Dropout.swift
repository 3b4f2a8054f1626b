import Numerics

/// Inverted dropout: in training each value is zeroed with probability p and the rest scaled by 1/(1-p); identity in inference.
public final class Dropout: Layer {
    public let spec: LayerSpec
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public let parameterSlots: [ParameterSlot] = []
    /// Drop probability in [0, 1).
    public let probability: Float
    private var mask: [Float] = []   // (B, F): 0 or 1/(1-p) from the last training forward
    public var flopsPerItem: Int { inputShape.reduce(1, *) }

    /// Dropout with probability `p` over per-item input of `inputShape`.
    public init(inputShape: [Int], probability p: Float) throws(ArchitectureError) {
        guard p >= 0, p < 1 else { throw .badShape(layer: 0, "dropout p=\(p) is outside [0, 1)") }
        self.spec = .dropout(p: p)
        self.inputShape = inputShape
        self.probability = p
    }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {}

    // x (B, F) -> y (B, F) = x * mask; the mask is drawn from rng, so a reseeded rng repeats it
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        let n = batch * inputCount
        if mask.count < n { mask = [Float](repeating: 1, count: n) }
        if !training || probability == 0 {
            for i in 0..<n { mask[i] = 1 }
            y.update(from: x, count: n)
            return
        }
        // One draw from the caller's generator seeds a local SplitMix64 stream for the whole mask:
        // through the `any Layer` existential `rng` is unspecialised, and a witness call per
        // element cost ~200 ns.
        var state = rng.next()
        // Keep when the top 24 bits, as a uniform in [0, 1), are >= p: the same test as Float.random(in: 0..<1) < p.
        let threshold = UInt64((Double(probability) * 0x1p24).rounded(.up))
        let keep = 1 / (1 - probability)
        mask.withUnsafeMutableBufferPointer { maskBuf in
            for i in 0..<n {
                let z = SplitMix64.step(&state)
                let m: Float = (z >> 40) < threshold ? 0 : keep
                maskBuf[i] = m
                y[i] = x[i] * m
            }
        }
    }

    // dx = dy * mask
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        let n = batch * inputCount
        for i in 0..<n { dx[i] = dy[i] * mask[i] }
    }
}
