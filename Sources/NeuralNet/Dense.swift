import LinearAlgebra
/// Fully connected layer: y (B, OUT) = x (B, IN) · W^T + b with weight (OUT, IN); any input shape is flattened.
public final class Dense: Layer {
    public let spec: LayerSpec
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let parameterSlots: [ParameterSlot]
    /// Input features (product of the input shape).
    public let inFeatures: Int
    /// Output features.
    public let outFeatures: Int
    /// Whether a bias is added.
    public let hasBias: Bool

    /// A dense layer from per-item input of `inputShape` to `outFeatures`.
    public init(inputShape: [Int], outFeatures: Int, bias: Bool = true) throws(ArchitectureError) {
        guard outFeatures >= 1, !inputShape.isEmpty else { throw .badShape(layer: 0, "dense needs out >= 1 and an input") }
        self.spec = .dense(out: outFeatures, bias: bias)
        self.inputShape = inputShape
        self.inFeatures = inputShape.reduce(1, *)
        self.outFeatures = outFeatures
        self.hasBias = bias
        self.outputShape = [outFeatures]
        var slots = [ParameterSlot(name: "weight", shape: [outFeatures, inFeatures], offset: 0, decays: true)]
        if bias { slots.append(ParameterSlot(name: "bias", shape: [outFeatures], offset: outFeatures * inFeatures, decays: false)) }
        self.parameterSlots = slots
    }

    public var flopsPerItem: Int { 2 * inFeatures * outFeatures }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {
        heNormal(parameters, count: outFeatures * inFeatures, fanIn: inFeatures, rng: &rng)
        if hasBias { (parameters + outFeatures * inFeatures).update(repeating: 0, count: outFeatures) }
    }

    // x (B, IN), W (OUT, IN) -> y (B, OUT)
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        let IN = inFeatures, OUT = outFeatures, b = parameters + OUT * IN
        for n in 0..<batch {
            if hasBias { (y + n * OUT).update(from: b, count: OUT) } else { (y + n * OUT).update(repeating: 0, count: OUT) }
        }
        BLAS.sgemm(transA: false, transB: true, m: batch, n: OUT, k: IN, alpha: 1, a: x, lda: IN,
                   b: parameters, ldb: IN, beta: 1, c: y, ldc: OUT)
    }

    // dW (OUT, IN) += dy^T · x; db += Σ_n dy; dx (B, IN) = dy · W
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let IN = inFeatures, OUT = outFeatures
        BLAS.sgemm(transA: true, transB: false, m: OUT, n: IN, k: batch, alpha: 1, a: dy, lda: OUT,
                   b: x, ldb: IN, beta: 1, c: gradients, ldc: IN)
        if hasBias {
            let db = gradients + OUT * IN
            for n in 0..<batch { for o in 0..<OUT { db[o] += dy[n * OUT + o] } }
        }
        if let dx {
            BLAS.sgemm(transA: false, transB: false, m: batch, n: IN, k: OUT, alpha: 1, a: dy, lda: OUT,
                       b: parameters, ldb: IN, beta: 0, c: dx, ldc: IN)
        }
    }
}
