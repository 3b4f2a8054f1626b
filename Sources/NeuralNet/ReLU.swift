/// Rectified linear unit, y = max(0, x), any shape; safe to run in place (x == y) since backward reads only y.
public final class ReLU: Layer {
    public let spec = LayerSpec.relu
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public let parameterSlots: [ParameterSlot] = []
    public var flopsPerItem: Int { inputShape.reduce(1, *) }

    /// A ReLU over per-item input of `inputShape`.
    public init(inputShape: [Int]) { self.inputShape = inputShape }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {}

    // x (B, F) -> y (B, F)
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        Parallel.forEachChunk(batch, cost: inputCount) { r in
            let lo = r.lowerBound * inputCount, hi = r.upperBound * inputCount
            for i in lo..<hi { y[i] = max(x[i], 0) }
        }
    }

    // dx = dy where y > 0, else 0 (the output encodes the mask, so x need not be kept)
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        Parallel.forEachChunk(batch, cost: inputCount) { r in
            let lo = r.lowerBound * inputCount, hi = r.upperBound * inputCount
            // SIMD selects: a scalar `y > 0 ? dy : 0` compiles to a branch that mispredicts on every sign change.
            var i = lo
            let zero = SIMD16<Float>()
            while i + 16 <= hi {
                let yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD16<Float>.self)
                let dyv = UnsafeRawPointer(dy + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(dx + i).storeBytes(of: dyv.replacing(with: zero, where: yv .<= zero),
                                                           as: SIMD16<Float>.self)
                i += 16
            }
            while i < hi { dx[i] = y[i] > 0 ? dy[i] : 0; i += 1 }
        }
    }
}
